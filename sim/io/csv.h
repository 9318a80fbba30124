/* CSV output shared by the commands that write tables (RFC 4180). */
#ifndef COGOV_CSV_H
#define COGOV_CSV_H

#include <stdio.h>

/* Write s as one CSV field: quoted, quotes doubled, when it holds a
 * comma, a quote or a line break. */
void csv_field(FILE *f, const char *s);

#endif
