"""Shared helpers for the ur-rtde peer scripts: each script prints one JSON object on its last line."""
import json
import sys
import time


def emit(**result):
    print(json.dumps(result))
    sys.stdout.flush()


def wait_until(predicate, timeout, step=0.002):
    """Polls predicate until true or timeout (s); returns whether it became true."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()
