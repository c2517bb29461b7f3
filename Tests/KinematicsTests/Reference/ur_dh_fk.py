#!/usr/bin/env python3
"""Reference forward kinematics of the UR5 from Universal Robots' published DH parameters.

Independent of Armature's code: it multiplies standard Denavit-Hartenberg transforms
T_i = Rz(theta_i) Tz(d_i) Tx(a_i) Rx(alpha_i) with numpy. The parameters are the UR5 (CB3, "serie 3") and UR5e
rows of Universal Robots' table "DH parameters for calculations of kinematics and dynamics"
(https://www.universal-robots.com/articles/ur/application-installation/dh-parameters-for-calculations-of-kinematics-and-dynamics/),
the UR5 values being those ur_description's UR5 URDF states in its comments. The DH base frame is
the controller's base frame and frame 6 is its tool flange: in ur5_robot.urdf these are the links
`base` and `tool0`, in Armature's ur5e.urdf `base_link` and `tool0`.

Run:  python3 ur_dh_fk.py > ur_dh_fk.json   (numpy; 2.4.6 produced the committed file)
"""
import json
import math

import numpy as np

ALPHA = [math.pi / 2, 0.0, 0.0, math.pi / 2, -math.pi / 2, 0.0]
ROBOTS = {
    # UR5 (CB3, "serie 3"): what ur_description's ur5_robot.urdf is built from.
    "ur5": {"d": [0.089159, 0.0, 0.0, 0.10915, 0.09465, 0.0823], "a": [0.0, -0.42500, -0.39225, 0.0, 0.0, 0.0],
            "urdf": "ur_description/urdf/ur5_robot.urdf", "from": "base", "to": "tool0"},
    # UR5e: what Armature's Scenes/robots/ur5e.urdf is built from.
    "ur5e": {"d": [0.1625, 0.0, 0.0, 0.1333, 0.0997, 0.0996], "a": [0.0, -0.425, -0.3922, 0.0, 0.0, 0.0],
             "urdf": "Scenes/robots/ur5e.urdf", "from": "base_link", "to": "tool0"},
}

CONFIGURATIONS = [
    [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    [0.0, -math.pi / 2, 0.0, -math.pi / 2, 0.0, 0.0],
    [0.3, -1.2, 1.5, -0.8, 1.1, 0.4],
    [-1.0, -2.0, -1.0, 2.5, -0.7, 3.0],
    [2.5, -0.4, 2.2, -2.9, 1.9, -1.3],
    [-2.8, -1.57, 0.9, 0.1, -2.2, 5.5],
    [4.0, 1.0, -2.6, 1.2, 0.5, -4.5],
]


def dh(theta, d, a, alpha):
    ct, st = math.cos(theta), math.sin(theta)
    ca, sa = math.cos(alpha), math.sin(alpha)
    return np.array([
        [ct, -st * ca, st * sa, a * ct],
        [st, ct * ca, -ct * sa, a * st],
        [0.0, sa, ca, d],
        [0.0, 0.0, 0.0, 1.0],
    ])


def quaternion(r):
    """x, y, z, w of a rotation matrix (Shepperd), with w >= 0."""
    m = r
    t = m[0, 0] + m[1, 1] + m[2, 2]
    if t > 0:
        s = math.sqrt(t + 1.0) * 2
        q = [(m[2, 1] - m[1, 2]) / s, (m[0, 2] - m[2, 0]) / s, (m[1, 0] - m[0, 1]) / s, s / 4]
    elif m[0, 0] > m[1, 1] and m[0, 0] > m[2, 2]:
        s = math.sqrt(1.0 + m[0, 0] - m[1, 1] - m[2, 2]) * 2
        q = [s / 4, (m[0, 1] + m[1, 0]) / s, (m[0, 2] + m[2, 0]) / s, (m[2, 1] - m[1, 2]) / s]
    elif m[1, 1] > m[2, 2]:
        s = math.sqrt(1.0 + m[1, 1] - m[0, 0] - m[2, 2]) * 2
        q = [(m[0, 1] + m[1, 0]) / s, s / 4, (m[1, 2] + m[2, 1]) / s, (m[0, 2] - m[2, 0]) / s]
    else:
        s = math.sqrt(1.0 + m[2, 2] - m[0, 0] - m[1, 1]) * 2
        q = [(m[0, 2] + m[2, 0]) / s, (m[1, 2] + m[2, 1]) / s, s / 4, (m[1, 0] - m[0, 1]) / s]
    if q[3] < 0:
        q = [-c for c in q]
    n = math.sqrt(sum(c * c for c in q))
    return [c / n for c in q]


def main():
    out = {}
    for name, robot in ROBOTS.items():
        records = []
        for q in CONFIGURATIONS:
            t = np.eye(4)
            for i in range(6):
                t = t @ dh(q[i], robot["d"][i], robot["a"][i], ALPHA[i])
            records.append({"q": q, "position": t[:3, 3].tolist(), "quaternion": quaternion(t[:3, :3])})
        out[name] = {"urdf": robot["urdf"], "from": robot["from"], "to": robot["to"], "configurations": records}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
