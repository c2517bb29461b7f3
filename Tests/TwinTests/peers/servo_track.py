"""A servoJ stream from RTDEControlInterface at 500 Hz: a ramp of joint 0 at SPEED rad/s for 1 s
(by the clock, so a loop slowed by a busy machine still ramps at SPEED), then the final target
held for 0.8 s, then servoStop. Records the lag behind the setpoint on the steady ramp.

A stalled client (this process descheduled, a garbage collection) must neither jump nor spoil
the measurement: a setpoint never moves more than eight periods' worth of the ramp from the one
before (the twin, like a UR controller, protective-stops a servoj that jumps), and after a gap of
more than five periods lag samples are kept only once the tracking has settled again, three time
constants after the stream is back on the clock ramp. The number of samples kept and the stalls seen are reported.
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
max_step = 8 * speed * dt
lags = []
stalls = 0
settled_from = 0.0
setpoint = q0[0]
previous = None
start = time.monotonic()
while True:
    t = c.initPeriod()
    now = time.monotonic()
    elapsed = now - start
    if elapsed > 1.8:
        break
    if previous is not None and now - previous > 5 * dt:
        stalls += 1
        settled_from = elapsed + 3 * lookahead
    previous = now
    ramp = q0[0] + speed * min(elapsed, 1.0)
    setpoint = min(ramp, setpoint + max_step)
    if setpoint < ramp:
        settled_from = elapsed + 3 * lookahead
    target = list(q0)
    target[0] = setpoint
    c.servoJ(target, 0.5, 0.5, dt, lookahead, gain)
    if 0.4 <= elapsed < 1.0 and elapsed >= settled_from:  # steady ramp (after four time constants)
        lags.append(setpoint - r.getActualQ()[0])
    c.waitPeriod(t)
final_target = q0[0] + speed * 1.0
final_error = abs(r.getActualQ()[0] - final_target)
stopped = c.servoStop(2.0)
time.sleep(0.05)
lags.sort()
emit(
    mean_ramp_lag=sum(lags) / len(lags) if lags else None, min_ramp_lag=lags[0] if lags else None,
    max_ramp_lag=lags[-1] if lags else None, lag_samples=len(lags), stalls=stalls, final_error=final_error,
    servo_stop=stopped, qd_after_stop=r.getActualQd(), safety_mode=r.getSafetyMode(),
    other_joints_moved=max(abs(a - b) for a, b in zip(r.getActualQ()[1:], q0[1:])),
)
c.stopScript()
c.disconnect()
r.disconnect()
