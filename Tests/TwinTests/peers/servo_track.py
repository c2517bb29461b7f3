"""A servoJ stream from RTDEControlInterface at 500 Hz: a ramp of joint 0 at SPEED rad/s for 1 s
(by the clock, so a loop slowed by a busy machine still ramps at SPEED), then the final target
held for 0.8 s, then servoStop. Records the lag behind the setpoint.
Usage: servo_track.py HOST SPEED"""
import sys
import time

import rtde_control
import rtde_receive
from common import emit

host, speed = sys.argv[1], float(sys.argv[2])
r = rtde_receive.RTDEReceiveInterface(host)
c = rtde_control.RTDEControlInterface(host)
q0 = r.getActualQ()
dt, lookahead, gain = 0.002, 0.1, 300
lags = []
start = time.monotonic()
while True:
    t = c.initPeriod()
    elapsed = time.monotonic() - start
    if elapsed > 1.8:
        break
    target = list(q0)
    target[0] = q0[0] + speed * min(elapsed, 1.0)
    c.servoJ(target, 0.5, 0.5, dt, lookahead, gain)
    if 0.4 <= elapsed < 1.0:  # steady ramp (after four time constants)
        lags.append(target[0] - r.getActualQ()[0])
    c.waitPeriod(t)
final_target = q0[0] + speed * 1.0
final_error = abs(r.getActualQ()[0] - final_target)
stopped = c.servoStop(2.0)
time.sleep(0.05)
emit(
    mean_ramp_lag=sum(lags) / len(lags), min_ramp_lag=min(lags), max_ramp_lag=max(lags), final_error=final_error,
    servo_stop=stopped, qd_after_stop=r.getActualQd(), safety_mode=r.getSafetyMode(),
    other_joints_moved=max(abs(a - b) for a, b in zip(r.getActualQ()[1:], q0[1:])),
)
c.stopScript()
c.disconnect()
r.disconnect()
