"""A servoJ stream from RTDEControlInterface: a ramp of joint 0 at SPEED rad/s for 1 s, then the
final target held for 0.8 s, then servoStop. Records the lag behind the setpoint.
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
for i in range(900):
    t = c.initPeriod()
    target = list(q0)
    target[0] = q0[0] + speed * min(i, 500) * dt
    c.servoJ(target, 0.5, 0.5, dt, lookahead, gain)
    if 300 <= i < 500:  # steady ramp (after three time constants)
        lags.append(target[0] - r.getActualQ()[0])
    c.waitPeriod(t)
final_target = q0[0] + speed * 500 * dt
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
