"""A servoJ with NaN, or a 1 rad jump: the controller's protective stop, seen through ur_rtde;
it is not lifted by itself, and the dashboard unlocks it once allowed.
Usage: protective_stop.py HOST nan|jump"""
import math
import sys
import time

import dashboard_client
import rtde_control
import rtde_receive
from common import emit, wait_until

host, kind = sys.argv[1], sys.argv[2]
r = rtde_receive.RTDEReceiveInterface(host)
c = rtde_control.RTDEControlInterface(host)
q0 = r.getActualQ()
for i in range(50):
    t = c.initPeriod()
    c.servoJ(q0, 0.5, 0.5, 0.002, 0.1, 300)
    c.waitPeriod(t)
bad = list(q0)
if kind == "nan":
    bad[3] = math.nan
else:
    bad[3] += 1.0
sent = c.servoJ(bad, 0.5, 0.5, 0.002, 0.1, 300)
stopped = wait_until(lambda: r.getSafetyMode() == 3, 1)
bits = r.getSafetyStatusBits()
protective = r.isProtectiveStopped()
# The control interface reads its own state stream, which may be a cycle behind this one.
program_stopped = wait_until(lambda: not c.isProgramRunning(), 0.5)
at_rest = wait_until(lambda: all(v == 0 for v in r.getActualQd()), 1)
max_move = max(abs(a - b) for a, b in zip(r.getActualQ(), q0))
time.sleep(0.4)
still_stopped = r.getSafetyMode() == 3
refused = c.servoJ(q0, 0.5, 0.5, 0.002, 0.1, 300)
d = dashboard_client.DashboardClient(host)
d.connect()
d.unlockProtectiveStop()
unlocked = wait_until(lambda: r.getSafetyMode() == 1, 1)
emit(
    servoj_sent=sent, protective_stop=stopped, safety_status_bits=bits, is_protective_stopped=protective,
    program_stopped=program_stopped, at_rest=at_rest, max_move=max_move, still_stopped_after_400ms=still_stopped,
    servoj_after_stop=refused, unlocked=unlocked, safety_mode_after_unlock=r.getSafetyMode(),
)
d.disconnect()
c.disconnect()
r.disconnect()
