"""moveJ, speedJ then speedStop, and stopScript, through RTDEControlInterface.
Usage: move_speed.py HOST"""
import sys
import time

import rtde_control
import rtde_receive
from common import emit, wait_until

host = sys.argv[1]
r = rtde_receive.RTDEReceiveInterface(host)
c = rtde_control.RTDEControlInterface(host)
q0 = r.getActualQ()
goal = list(q0)
goal[0] += 0.5
goal[4] -= 0.25
start = time.monotonic()
moved = c.moveJ(goal, 1.0, 4.0)
move_seconds = time.monotonic() - start
wait_until(lambda: max(abs(a - b) for a, b in zip(r.getActualQ(), goal)) < 1e-9, 0.1)
move_error = max(abs(a - b) for a, b in zip(r.getActualQ(), goal))
c.speedJ([0, 0, 0, 0, 0, 0.4], 2.0, 0.0)
time.sleep(0.5)
speed = r.getActualQd()[5]
q_before_stop = r.getActualQ()[5]
stopped = c.speedStop(4.0)
at_rest = wait_until(lambda: all(v == 0 for v in r.getActualQd()), 1)
braking = r.getActualQ()[5] - q_before_stop
script_stopped = c.stopScript()
ended = wait_until(lambda: not c.isProgramRunning(), 1)
emit(
    movej=moved, move_seconds=move_seconds, move_error=move_error, speed=speed, speed_stop=stopped,
    at_rest=at_rest, braking_distance=braking, program_ended=ended,
)
c.disconnect()
r.disconnect()
