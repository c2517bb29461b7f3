#include "ArmatureShims.h"

void armature_body_restore_orientation(dBodyID body, const dReal quaternion[4]) {
  dReal *q = (dReal *)dBodyGetQuaternion(body);
  dReal *rotation = (dReal *)dBodyGetRotation(body);
  q[0] = quaternion[0];
  q[1] = quaternion[1];
  q[2] = quaternion[2];
  q[3] = quaternion[3];
  dQtoR(q, rotation);
  // Setting the position to itself marks every geom of the body as moved.
  const dReal *p = dBodyGetPosition(body);
  dBodySetPosition(body, p[0], p[1], p[2]);
}
