"""servoStop while moving: the arm decelerates at the requested rate and stays at rest.
Usage: servo_stop.py HOST"""
import sys
import time

import rtde_control
import rtde_receive
from common import emit, wait_until

host = sys.argv[1]
r = rtde_receive.RTDEReceiveInterface(host)
c = rtde_control.RTDEControlInterface(host)
q0 = r.getActualQ()
start = time.monotonic()
setpoint = q0[1]
while time.monotonic() - start < 0.8:  # ramp joint 1 at 0.5 rad/s (by the clock)
    t = c.initPeriod()
    # After a stall of this process the ramp catches up in steps of at most eight periods' worth:
    # a bigger one is a jump the twin (like a UR controller) protective-stops.
    setpoint = min(q0[1] + 0.5 * (time.monotonic() - start), setpoint + 8 * 0.5 * 0.002)
    target = list(q0)
    target[1] = setpoint
    c.servoJ(target, 0.5, 0.5, 0.002, 0.1, 300)
    c.waitPeriod(t)
speed_before = r.getActualQd()[1]
start = time.monotonic()
ok = c.servoStop(5.0)
returned_after = time.monotonic() - start
at_rest = wait_until(lambda: all(v == 0 for v in r.getActualQd()), 1)
q_rest = r.getActualQ()
time.sleep(0.3)
emit(
    servo_stop=ok, speed_before=speed_before, returned_after=returned_after, at_rest=at_rest,
    drift_after_rest=max(abs(a - b) for a, b in zip(r.getActualQ(), q_rest)),
    program_running=c.isProgramRunning(), safety_mode=r.getSafetyMode(),
)
c.stopScript()
c.disconnect()
r.disconnect()
