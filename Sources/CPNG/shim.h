#ifndef ARMATURE_CPNG_SHIM_H
#define ARMATURE_CPNG_SHIM_H
// libpng 1.6 (Debian libpng-dev). Only the simplified png_image_* API is used: it reports errors
// through return codes, so libpng's longjmp never crosses a Swift frame.
#include <png.h>
#endif
