// The reference for `armature bench physics --scene Scenes/cube-drop.yaml`: the same scene stepped
// by a plain C program against libode, with the same settings Armature uses (quickstep, 20
// iterations, a simple collision space, ERP 0.2, CFM 1e-10, surface layer 0.5 mm, max correcting velocity 1 m/s, up to 8
// contacts per pair, Coulomb friction μ = 0.5 with dContactApprox1). The cube is dropped from
// 0.5 m and then rests, as in the Swift benchmark.
//
// Build and run:  cc -O2 Benchmarks/cube_drop.c -lode -o /tmp/cube_drop && /tmp/cube_drop 200000 5
#include <ode/ode.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { MAX_CONTACTS = 8 };
static dWorldID world;
static dJointGroupID contacts;

static void near(void *data, dGeomID a, dGeomID b) {
  (void)data;
  dBodyID ba = dGeomGetBody(a), bb = dGeomGetBody(b);
  if (!ba && !bb) return;
  dContactGeom geoms[MAX_CONTACTS];
  int n = dCollide(a, b, MAX_CONTACTS, geoms, sizeof(dContactGeom));
  for (int i = 0; i < n; i++) {
    dContact c = {0};
    c.surface.mode = dContactApprox1;
    c.surface.mu = 0.5;
    c.geom = geoms[i];
    dJointID j = dJointCreateContact(world, contacts, &c);
    dJointAttach(j, ba, bb);
  }
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  long steps = argc > 1 ? atol(argv[1]) : 200000;
  int repeats = argc > 2 ? atoi(argv[2]) : 5;
  dInitODE2(0);
  double rates[64];
  for (int r = 0; r <= repeats && r < 64; r++) {
    world = dWorldCreate();
    dSpaceID space = dSimpleSpaceCreate(0);
    contacts = dJointGroupCreate(0);
    dWorldSetGravity(world, 0, 0, -9.81);
    dWorldSetERP(world, 0.2);
    dWorldSetCFM(world, 1e-10);
    dWorldSetQuickStepNumIterations(world, 20);
    dWorldSetQuickStepW(world, 1.3);
    dWorldSetContactSurfaceLayer(world, 0.0005);
    dWorldSetContactMaxCorrectingVel(world, 1.0);
    dWorldSetAutoDisableFlag(world, 0);
    dCreatePlane(space, 0, 0, 1, 0);
    dBodyID cube = dBodyCreate(world);
    dMass m;
    dMassSetBoxTotal(&m, 0.125, 0.05, 0.05, 0.05);
    dBodySetMass(cube, &m);
    dBodySetPosition(cube, 0, 0, 0.5);
    dGeomID g = dCreateBox(space, 0.05, 0.05, 0.05);
    dGeomSetBody(g, cube);
    double start = now();
    for (long s = 0; s < steps; s++) {
      dSpaceCollide(space, 0, near);
      dWorldQuickStep(world, 0.002);
      dJointGroupEmpty(contacts);
    }
    double elapsed = now() - start;
    if (r > 0) rates[r - 1] = steps / elapsed;  // the first run warms caches
    const dReal *p = dBodyGetPosition(cube);
    if (r == repeats) fprintf(stderr, "final cube height %.5f m\n", p[2]);
    dJointGroupDestroy(contacts);
    dSpaceDestroy(space);
    dWorldDestroy(world);
  }
  qsort(rates, repeats, sizeof(double), compare);
  printf("{\"stepsPerSecond\":%.0f,\"steps\":%ld,\"repeats\":%d,\"min\":%.0f,\"max\":%.0f}\n", rates[repeats / 2], steps,
         repeats, rates[0], rates[repeats - 1]);
  return 0;
}
