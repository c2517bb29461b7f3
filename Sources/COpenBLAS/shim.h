#ifndef ARMATURE_COPENBLAS_SHIM_H
#define ARMATURE_COPENBLAS_SHIM_H
// OpenBLAS (Debian libopenblas-dev): CBLAS single-precision matrix products for the NN module.
#include <cblas.h>
#endif
