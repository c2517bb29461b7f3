#!/usr/bin/env python3
"""Rebuilds every package of rtde-packages.hex with Python's struct module (independently of
the Swift codec) and checks the hand-written hex. Run: python3 check_golden.py"""
import os, struct, sys

def package(kind, payload=b""):
    return struct.pack(">HB", 3 + len(payload), ord(kind)) + payload

def text(message, source, level):
    m, s = message.encode(), source.encode()
    return struct.pack(">B", len(m)) + m + struct.pack(">B", len(s)) + s + struct.pack(">B", level)

expected = {
    "client.V": package("V", struct.pack(">H", 2)),
    "client.v": package("v"),
    "client.O": package("O", struct.pack(">d", 500.0) + b"timestamp,actual_q"),
    "client.I": package("I", b"input_int_register_0,input_double_register_0"),
    "client.S": package("S"),
    "client.P": package("P"),
    "client.U": package("U", struct.pack(">Bid", 1, 11, 0.5)),
    "client.M": package("M", text("hi", "me", 3)),
    "controller.V": package("V", struct.pack(">B", 1)),
    "controller.v": package("v", struct.pack(">IIII", 5, 15, 0, 0)),
    "controller.O": package("O", b"\x01DOUBLE,VECTOR6D"),
    "controller.O.notFound": package("O", b"\x00DOUBLE,NOT_FOUND"),
    "controller.I": package("I", b"\x01INT32,DOUBLE"),
    "controller.I.inUse": package("I", b"\x00IN_USE,DOUBLE"),
    "controller.S": package("S", b"\x01"),
    "controller.P": package("P", b"\x01"),
    "controller.U": package("U", struct.pack(">Bd6d", 1, 1.25, 0, -1.5, 1.5, 0, 0.25, -0.125)),
    "controller.M": package("M", text("ok", "RTDE", 1)),
    "controller.U.allTypes": package("U", struct.pack(
        ">B?BIiQd3d6d6i6I", 7, True, 0xAB, 0x01020304, -2, 0x0102030405060708, -0.5,
        1, 2, 3, 1, -1, 2, -2, 0.5, -0.5, 1, -1, 2, -2, 253, 0, 0, 1, 2, 3, 4, 0xFFFFFFFF)),
}

def read(path):
    blocks, name = {}, None
    for line in open(path):
        line = line.strip()
        if line.startswith("## "):
            name = line[3:].strip(); blocks[name] = b""
        elif line and not line.startswith("#"):
            blocks[name] += bytes.fromhex(line)
    return blocks

blocks = read(os.path.join(os.path.dirname(os.path.abspath(__file__)), "rtde-packages.hex"))
bad = [n for n in expected if blocks.get(n) != expected[n]] + [n for n in blocks if n not in expected]
for n in bad:
    print(f"MISMATCH {n}: file {blocks.get(n, b'').hex()} struct {expected.get(n, b'').hex()}")
print(f"{len(expected) - len(bad)}/{len(expected)} packages match")
sys.exit(1 if bad else 0)
