/* Strings of cogov's HDF5 files (h5str.h). */
#include <stdlib.h>
#include <string.h>

#include "io/h5str.h"

hid_t h5str_type(size_t len)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0)
        return t;
    if (H5Tset_size(t, len + 1) < 0 ||
        H5Tset_strpad(t, H5T_STR_NULLTERM) < 0 ||
        H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
        H5Tclose(t);
        return H5I_INVALID_HID;
    }
    return t;
}

int h5str_attr_put(hid_t loc, const char *name, const char *value)
{
    hid_t t = h5str_type(strlen(value)), sp = H5I_INVALID_HID,
          a = H5I_INVALID_HID;
    int rc = -1;
    if (t >= 0 && (sp = H5Screate(H5S_SCALAR)) >= 0 &&
        (a = H5Acreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT)) >= 0 &&
        H5Awrite(a, t, value) >= 0)
        rc = 0;
    if (a >= 0)
        H5Aclose(a);
    if (sp >= 0)
        H5Sclose(sp);
    if (t >= 0)
        H5Tclose(t);
    return rc;
}

char *h5str_attr_get(hid_t loc, const char *name)
{
    hid_t a = H5I_INVALID_HID, t = H5I_INVALID_HID;
    char *buf = NULL;
    size_t n = 0;
    if (H5Aexists(loc, name) <= 0 ||
        (a = H5Aopen(loc, name, H5P_DEFAULT)) < 0 ||
        (t = H5Aget_type(a)) < 0 || H5Tget_class(t) != H5T_STRING ||
        H5Tis_variable_str(t) != 0 || (n = H5Tget_size(t)) == 0 ||
        !(buf = malloc(n + 1)) || H5Aread(a, t, buf) < 0) {
        free(buf);
        buf = NULL;
    } else {
        buf[n] = 0;
    }
    if (t >= 0)
        H5Tclose(t);
    if (a >= 0)
        H5Aclose(a);
    return buf;
}
