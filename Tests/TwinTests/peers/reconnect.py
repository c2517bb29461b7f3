"""Receive and control interfaces disconnect and reconnect; both keep working.
Usage: reconnect.py HOST"""
import sys
import time

import rtde_control
import rtde_receive
from common import emit, wait_until

host = sys.argv[1]
r = rtde_receive.RTDEReceiveInterface(host)
t1 = r.getTimestamp()
r.disconnect()
disconnected = not r.isConnected()
r.reconnect()
wait_until(lambda: r.getTimestamp() > t1 + 0.05, 2)
t2 = r.getTimestamp()

c = rtde_control.RTDEControlInterface(host)
running1 = c.isProgramRunning()
c.disconnect()
c.reconnect()
running2 = c.isProgramRunning()
q = r.getActualQ()
target = list(q)
target[5] += 0.1
moved = c.moveJ(target, 1.0, 4.0)
wait_until(lambda: abs(r.getActualQ()[5] - target[5]) < 1e-6, 1)
emit(
    first_timestamp=t1, timestamp_after_reconnect=t2, disconnected=disconnected, receive_connected=r.isConnected(),
    program_running_before=running1, program_running_after=running2, movej=moved,
    q5_error=abs(r.getActualQ()[5] - target[5]),
)
c.stopScript()
c.disconnect()
r.disconnect()
