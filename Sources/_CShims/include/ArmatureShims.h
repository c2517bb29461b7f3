#ifndef ARMATURE_SHIMS_H
#define ARMATURE_SHIMS_H
// Private C helpers for Armature's Physics and Rendering layers. Not API: names and signatures
// change without notice. See README.md beside this file.

#include <ode/ode.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The calling thread's ODE random seed (see ode_random.c).
uint32_t armature_ode_thread_seed(void);
/// Sets the calling thread's ODE random seed.
void armature_ode_set_thread_seed(uint32_t seed);
/// True when libode's internal calls reach Armature's per-thread generator. Checked once by Physics.
int armature_ode_random_is_per_thread(void);

/// Initializes ODE once per process and installs message handlers that print ODE's warnings with
/// an "ODE:" prefix. Safe to call from any thread, any number of times.
void armature_ode_initialize(void);
/// Lets the calling thread use ODE's collision functions (dAllocateODEDataForThread), once per thread.
void armature_ode_prepare_thread(void);

/// Writes a body's orientation bit for bit. dBodySetQuaternion renormalizes its argument, which can
/// change the last bit of a quaternion that ODE itself normalized during a step, so a restored state
/// would not continue identically. This writes the quaternion and ODE's rotation matrix (computed from
/// it by dQtoR, as ODE does after every step) through the pointers ODE hands out, then tells the
/// body's geoms that it moved.
void armature_body_restore_orientation(dBodyID body, const dReal quaternion[4]);

#ifdef __cplusplus
}
#endif
#endif
