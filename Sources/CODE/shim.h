#ifndef ARMATURE_CODE_SHIM_H
#define ARMATURE_CODE_SHIM_H
// The Open Dynamics Engine (Debian libode-dev), built in double precision.
#include <ode/ode.h>
#endif
