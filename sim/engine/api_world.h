/* The world behind a run of the public API (include/cogov/sim.h), for the
 * one program inside the repository that still reads and steers it
 * directly: the class of `cogov serve --class` (demo/serve_class.c), whose
 * students see one resident's matters, neighbours and community and
 * decide for it (world->choice). Everything else goes through the public
 * API; a public view of a resident would retire this header. */
#ifndef COGOV_API_WORLD_H
#define COGOV_API_WORLD_H

#include "cogov/sim.h"
#include "model/world.h"

/* r's world, NULL once a run with an output file has completed it. The
 * world belongs to r: it changes with every step and goes with
 * cogov_run_free. */
struct world *cogov_run_world(cogov_run *r);

#endif
