// ODE's random generator, made per thread.
//
// libode keeps one process-wide seed for dRand, which quickstep draws on to reorder constraints
// every eighth iteration. Worlds stepped on different threads would then interleave draws and lose
// bitwise determinism. Defining dRand, dRandGetSeed and dRandSetSeed here preempts libode's own
// definitions (its internal calls go through the PLT, so the dynamic linker binds them to these), and
// libode's dRandInt and dRandReal call dRand. The generator is ODE's own linear congruential one;
// only its state moves into thread-local storage. Physics swaps each world's seed in and out around
// every step, so each world owns its stream.
#include "ArmatureShims.h"

static _Thread_local uint32_t thread_seed = 0;

unsigned long dRand(void) {
  thread_seed = (uint32_t)(1664525u * thread_seed + 1013904223u);
  return thread_seed;
}

unsigned long dRandGetSeed(void) { return thread_seed; }

void dRandSetSeed(unsigned long seed) { thread_seed = (uint32_t)seed; }

uint32_t armature_ode_thread_seed(void) { return thread_seed; }

void armature_ode_set_thread_seed(uint32_t seed) { thread_seed = seed; }

int armature_ode_random_is_per_thread(void) {
  // dMakeRandomVector lives in libode and draws through dRandReal -> dRand. If those calls reach this
  // file, the thread seed moves.
  uint32_t saved = thread_seed;
  thread_seed = 12345u;
  dReal sample[1];
  dMakeRandomVector(sample, 1, 1.0);
  int moved = thread_seed != 12345u;
  thread_seed = saved;
  return moved;
}
