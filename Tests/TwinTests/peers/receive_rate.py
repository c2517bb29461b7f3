"""RTDEReceiveInterface against the twin: measures the rate at which its states advance.

Python cannot count the packages ur_rtde's receive thread takes, only poll the newest state; on a
busy machine the poller misses some. The output period is the smallest step between the states it
saw (it needs to see two consecutive packages once), and the rate the number of those periods the
newest state advanced per wall-clock second, next to the rate of states the poller saw.
Usage: receive_rate.py HOST FREQUENCY SECONDS (FREQUENCY -1: ur_rtde's default for the controller)."""
import sys
import time

import rtde_receive
from common import emit

host, frequency, seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
r = rtde_receive.RTDEReceiveInterface(host, frequency)
stamps, arrivals = [], []
end = time.monotonic() + seconds
last = None
while time.monotonic() < end:
    t = r.getTimestamp()
    if t != last:
        stamps.append(t)
        arrivals.append(time.monotonic())
        last = t
    time.sleep(0.0002)
wall = arrivals[-1] - arrivals[0]
gaps = sorted(b - a for a, b in zip(stamps, stamps[1:]))
emit(
    distinct_states=len(stamps),
    controller_span=stamps[-1] - stamps[0],
    polled_rate=(len(stamps) - 1) / wall if wall > 0 else 0,
    smallest_gap=gaps[0],
    rate=(stamps[-1] - stamps[0]) / gaps[0] / wall if wall > 0 else 0,
    q=r.getActualQ(),
    robot_mode=r.getRobotMode(),
    safety_mode=r.getSafetyMode(),
    connected=r.isConnected(),
)
r.disconnect()
