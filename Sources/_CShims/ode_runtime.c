#include "ArmatureShims.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

static void print_ode_message(const char *kind, int errnum, const char *msg, va_list ap) {
  char text[512];
  vsnprintf(text, sizeof text, msg, ap);
  fprintf(stderr, "ODE %s %d: %s\n", kind, errnum, text);
}

// dError and dDebug end the process after their handler returns; Armature validates arguments
// before they reach ODE so that these never fire. If one does, this names it before the exit.
static void on_error(int errnum, const char *msg, va_list ap) { print_ode_message("error", errnum, msg, ap); }
static void on_debug(int errnum, const char *msg, va_list ap) { print_ode_message("internal error", errnum, msg, ap); }
static void on_message(int errnum, const char *msg, va_list ap) { print_ode_message("warning", errnum, msg, ap); }

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void initialize_once(void) {
  dSetErrorHandler(on_error);
  dSetDebugHandler(on_debug);
  dSetMessageHandler(on_message);
  dInitODE2(0);
}

void armature_ode_initialize(void) { pthread_once(&once, initialize_once); }

static _Thread_local int thread_prepared = 0;

void armature_ode_prepare_thread(void) {
  if (!thread_prepared) {
    armature_ode_initialize();
    dAllocateODEDataForThread(dAllocateMaskAll);
    thread_prepared = 1;
  }
}
