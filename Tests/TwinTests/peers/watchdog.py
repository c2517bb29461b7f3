"""setWatchdog, a servoJ stream, then silence: the controller's watchdog stops the program and
the arm. Usage: watchdog.py HOST FREQUENCY"""
import sys
import time

import rtde_control
import rtde_receive
from common import emit, wait_until

host, frequency = sys.argv[1], float(sys.argv[2])
r = rtde_receive.RTDEReceiveInterface(host)
c = rtde_control.RTDEControlInterface(host)
armed = c.setWatchdog(frequency)
q0 = r.getActualQ()
for i in range(250):
    t = c.initPeriod()
    target = list(q0)
    target[2] = q0[2] + 0.4 * i * 0.002
    c.servoJ(target, 0.5, 0.5, 0.002, 0.1, 300)
    c.waitPeriod(t)
silent_from = r.getTimestamp()
running_at_silence = c.isProgramRunning()
stopped = wait_until(lambda: not c.isProgramRunning(), 2)
wait_until(lambda: r.getRuntimeState() == 1, 1)  # the receive stream may be a cycle behind
stopped_at = r.getTimestamp()
at_rest = wait_until(lambda: all(v == 0 for v in r.getActualQd()), 2)
emit(
    armed=armed, running_at_silence=running_at_silence, program_stopped=stopped,
    stop_delay=stopped_at - silent_from, at_rest=at_rest, runtime_state=r.getRuntimeState(),
    safety_mode=r.getSafetyMode(),
)
c.disconnect()
r.disconnect()
