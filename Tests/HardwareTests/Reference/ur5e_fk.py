#!/usr/bin/env python3
"""Reference forward kinematics of the UR5e for URKinematicsTests, independent of the Swift code:
4x4 homogeneous DH matrices multiplied in plain Python, rotation vector from the matrix by the
axis-angle formula (not through quaternions). DH parameters: universal-robots.com, "DH parameters
for calculations of kinematics and dynamics" (UR5e). Run: python3 ur5e_fk.py"""
import math

D = [0.1625, 0, 0, 0.1333, 0.0997, 0.0996]
A = [0, -0.425, -0.3922, 0, 0, 0]
ALPHA = [math.pi / 2, 0, 0, math.pi / 2, -math.pi / 2, 0]

def matmul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(4)) for j in range(4)] for i in range(4)]

def dh(theta, d, a, alpha):
    ct, st, ca, sa = math.cos(theta), math.sin(theta), math.cos(alpha), math.sin(alpha)
    return [[ct, -st * ca, st * sa, a * ct], [st, ct * ca, -ct * sa, a * st], [0, sa, ca, d], [0, 0, 0, 1]]

def fk(q):
    t = [[1 if i == j else 0 for j in range(4)] for i in range(4)]
    for i in range(6):
        t = matmul(t, dh(q[i], D[i], A[i], ALPHA[i]))
    r = [row[:3] for row in t[:3]]
    angle = math.acos(max(-1.0, min(1.0, (r[0][0] + r[1][1] + r[2][2] - 1) / 2)))
    if angle < 1e-9:
        rv = [0.0, 0.0, 0.0]
    elif math.pi - angle < 1e-6:
        # Near pi: axis from the diagonal.
        axis = [math.sqrt(max(0.0, (r[i][i] + 1) / 2)) for i in range(3)]
        k = max(range(3), key=lambda i: axis[i])
        for i in range(3):
            if i != k:
                axis[i] = math.copysign(axis[i], r[k][i])
        rv = [angle * x for x in axis]
    else:
        s = 2 * math.sin(angle)
        rv = [angle * (r[2][1] - r[1][2]) / s, angle * (r[0][2] - r[2][0]) / s, angle * (r[1][0] - r[0][1]) / s]
    return [t[0][3], t[1][3], t[2][3]] + rv

CASES = [
    [0, 0, 0, 0, 0, 0],
    [0, -math.pi / 2, math.pi / 2, -math.pi / 2, -math.pi / 2, 0],
    [0.3, -1.2, 1.4, -0.9, -1.6, 0.5],
    [-1.0, -2.0, -1.0, 0.5, 1.0, 2.0],
]

if __name__ == "__main__":
    for q in CASES:
        print("q =", [round(v, 10) for v in q])
        print("  pose =", ", ".join(f"{v:.12f}" for v in fk(q)))
