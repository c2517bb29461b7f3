#!/usr/bin/env python3
"""Writes Armature's own robot descriptions: ur5e.urdf, gripper-2f85.urdf and ur5e-gripper.urdf.

Run from this folder:  python3 make_robots.py
(only the Python standard library is needed). The URDFs are committed; edit this script, not them.

UR5e
----
Kinematics and dynamics are Universal Robots' published DH parameters, link masses and centres of
mass, "DH Parameters for calculations of kinematics and dynamics",
https://www.universal-robots.com/articles/ur/application-installation/dh-parameters-for-calculations-of-kinematics-and-dynamics/
  d = [0.1625, 0, 0, 0.1333, 0.0997, 0.0996], a = [0, -0.425, -0.3922, 0, 0, 0],
  alpha = [pi/2, 0, 0, pi/2, -pi/2, 0], theta offsets 0,
  mass = [3.761, 8.058, 2.846, 1.37, 1.3, 0.365] kg,
  centre of mass of link i in DH frame i: [0, -0.02561, 0.00193], [0.2125, 0, 0.11336],
  [0.15, 0, 0.0265], [0, -0.0018, 0.01634], [0, 0.0018, 0.01634], [0, 0, -0.001159] m.
Each URDF link frame is the DH frame i-1 turned by joint i, so the joint angles are the controller's
and `base_link` -> `tool0` is the controller's base -> flange transform (tool0 = DH frame 6). The
page says the UR5e's inertia tensors are negligible and gives none; the tensors here are those of
solid cylinders of each link's mass and approximate size (stated per link below), about the
published centre of mass. Limits: +-2 pi for every joint but the elbow (+-pi, as in Universal
Robots' ROS description, because the arm hits itself beyond), 180 deg/s for every joint (UR5e
technical specifications), and effort 150 N m for the base, shoulder and elbow (size-3 joints) and
28 N m for the wrists (size-1), as in Universal Robots' ROS description (ur_description). The base
mass, 2.9 kg, is the UR5e's published 20.6 kg less the six link masses (it is static in the world).
Collision shapes are cylinders and capsules around the links' housings and tubes (75 mm base,
60 mm shoulder and elbow, 54 mm upper arm, 45 mm forearm and wrists, by the UR5e's published
drawings, rounded); they are also the visuals.

Gripper
-------
A parallel-jaw gripper with the published figures of the Robotiq 2F-85: 85 mm stroke (0-85 mm
between the pads), grip force up to 235 N, closing speed up to 150 mm/s, mass 0.925 kg
(Robotiq 2F-85 product specifications). The real 2F-85 closes its fingers on a linkage; here the
two fingers slide (two prismatic joints, the second a URDF mimic of the first), which keeps the
pads parallel as the 2F-85's do. Joint `finger_joint` is the opening of one finger, 0 (closed) to
0.0425 m; the gap between the pads is twice it. Speed limit 0.075 m/s per finger (150 mm/s of gap),
effort 235 N per finger (the squeeze force on a held object). The housing's size is approximate.
Pads are rubber: friction 1.0 (a Gazebo `mu1` tag, which Armature reads as the links' friction).
Frame `tcp` is the grasp centre between the pads.
"""
import math

PI = math.pi


def rot_x(a):
    c, s = math.cos(a), math.sin(a)
    return [[1, 0, 0], [0, c, -s], [0, s, c]]


def mat_vec(m, v):
    return [sum(m[i][k] * v[k] for k in range(3)) for i in range(3)]


def fmt(x):
    s = f"{x:.12f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def vec(v):
    return " ".join(fmt(x) for x in v)


def cylinder_inertia(m, r, length, axis):
    side = m * (3 * r * r + length * length) / 12
    axial = m * r * r / 2
    d = {"x": [axial, side, side], "y": [side, axial, side], "z": [side, side, axial]}[axis]
    return d


# Axis-aligned rotations that turn URDF's z-aligned cylinders and capsules.
ALONG = {"x": (0, PI / 2, 0), "y": (PI / 2, 0, 0), "z": (0, 0, 0)}


def shape_xml(tag, kind, size, xyz, along="z", material=None):
    rpy = ALONG[along]
    if kind == "box":
        geom = f'<box size="{vec(size)}"/>'
    elif kind == "cylinder":
        geom = f'<cylinder radius="{fmt(size[0])}" length="{fmt(size[1])}"/>'
    elif kind == "capsule":
        geom = f'<capsule radius="{fmt(size[0])}" length="{fmt(size[1])}"/>'
    else:
        raise ValueError(kind)
    mat = f'\n      <material name="{material}"/>' if (material and tag == "visual") else ""
    return (f'    <{tag}>\n      <origin xyz="{vec(xyz)}" rpy="{vec(rpy)}"/>\n'
            f'      <geometry>{geom}</geometry>{mat}\n    </{tag}>')


def link_xml(name, mass, com, inertia_diag, shapes, comment=None):
    lines = []
    if comment:
        lines.append(f"  <!-- {comment} -->")
    lines.append(f'  <link name="{name}">')
    if mass is not None:
        ixx, iyy, izz = inertia_diag
        lines.append(
            f'    <inertial>\n      <origin xyz="{vec(com)}" rpy="0 0 0"/>\n      <mass value="{fmt(mass)}"/>\n'
            f'      <inertia ixx="{ixx:.6g}" ixy="0" ixz="0" iyy="{iyy:.6g}" iyz="0" izz="{izz:.6g}"/>\n    </inertial>')
    for s in shapes:
        kind, size, xyz, along, material = s
        lines.append(shape_xml("visual", kind, size, xyz, along, material))
        lines.append(shape_xml("collision", kind, size, xyz, along, material))
    lines.append("  </link>")
    return "\n".join(lines)


def joint_xml(name, kind, parent, child, xyz, rpy, axis=None, limit=None, mimic=None):
    lines = [f'  <joint name="{name}" type="{kind}">', f'    <parent link="{parent}"/>', f'    <child link="{child}"/>',
             f'    <origin xyz="{vec(xyz)}" rpy="{vec(rpy)}"/>']
    if axis:
        lines.append(f'    <axis xyz="{vec(axis)}"/>')
    if limit:
        lo, hi, vel, eff = limit
        lines.append(f'    <limit lower="{fmt(lo)}" upper="{fmt(hi)}" velocity="{fmt(vel)}" effort="{fmt(eff)}"/>')
    if mimic:
        lines.append(f'    <mimic joint="{mimic}" multiplier="1" offset="0"/>')
    lines.append("  </joint>")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# UR5e

D = [0.1625, 0.0, 0.0, 0.1333, 0.0997, 0.0996]
A = [0.0, -0.425, -0.3922, 0.0, 0.0, 0.0]
ALPHA = [PI / 2, 0.0, 0.0, PI / 2, -PI / 2, 0.0]
MASS = [3.761, 8.058, 2.846, 1.37, 1.3, 0.365]
COM_DH = [[0, -0.02561, 0.00193], [0.2125, 0, 0.11336], [0.15, 0.0, 0.0265], [0, -0.0018, 0.01634],
          [0, 0.0018, 0.01634], [0, 0, -0.001159]]
LINKS = ["shoulder_link", "upper_arm_link", "forearm_link", "wrist_1_link", "wrist_2_link", "wrist_3_link"]
JOINTS = ["shoulder_pan_joint", "shoulder_lift_joint", "elbow_joint", "wrist_1_joint", "wrist_2_joint", "wrist_3_joint"]
LIMIT = [2 * PI, 2 * PI, PI, 2 * PI, 2 * PI, 2 * PI]
EFFORT = [150, 150, 150, 28, 28, 28]
SPEED = PI  # 180 deg/s

# Approximate cylinders for the inertia tensors: (radius, length, axis in the link frame).
INERTIA_SHAPE = [(0.06, 0.15, "z"), (0.054, 0.425, "x"), (0.045, 0.392, "x"), (0.045, 0.12, "z"), (0.045, 0.12, "z"),
                 (0.045, 0.04, "z")]

# Collision and visual shapes in each link frame: (kind, size, centre, axis, material).
SHAPES = {
    "base_link": [("cylinder", (0.075, 0.09), (0, 0, 0.045), "z", "ur_dark")],
    "shoulder_link": [("cylinder", (0.06, 0.12), (0, 0, 0.1025), "z", "ur_blue"),
                      ("cylinder", (0.06, 0.135), (0, -0.0625, 0.1625), "y", "ur_gray")],
    # Upper arm: shoulder housing on the joint axis (z), tube at the 0.138 m shoulder offset,
    # elbow housing at x = -0.425.
    "upper_arm_link": [("cylinder", (0.06, 0.13), (0, 0, 0.095), "z", "ur_blue"),
                       ("capsule", (0.054, 0.30), (-0.2125, 0, 0.138), "x", "ur_gray"),
                       ("cylinder", (0.055, 0.13), (-0.425, 0, 0.085), "z", "ur_blue")],
    "forearm_link": [("capsule", (0.045, 0.30), (-0.196, 0, 0.007), "x", "ur_gray"),
                     ("cylinder", (0.045, 0.11), (-0.3922, 0, 0.075), "z", "ur_blue")],
    "wrist_1_link": [("cylinder", (0.045, 0.11), (0, -0.0525, 0.1333), "y", "ur_blue")],
    "wrist_2_link": [("cylinder", (0.045, 0.10), (0, 0.05, 0.0997), "y", "ur_blue")],
    "wrist_3_link": [("cylinder", (0.0375, 0.03), (0, 0, 0.0846), "z", "ur_dark")],
}


def ur5e_body():
    parts = []
    parts.append(link_xml("base_link", 2.9, (0, 0, 0.04), cylinder_inertia(2.9, 0.075, 0.09, "z"), SHAPES["base_link"],
                          "UR base frame (DH frame 0); static when the base is fixed"))
    parent = "base_link"
    for i in range(6):
        # Joint i turns about z of its origin frame; its origin is DH row i-1 (identity for i = 0).
        if i == 0:
            xyz, rpy = (0, 0, 0), (0, 0, 0)
        else:
            xyz, rpy = (A[i - 1], 0, D[i - 1]), (ALPHA[i - 1], 0, 0)
        parts.append(joint_xml(JOINTS[i], "revolute", parent, LINKS[i], xyz, rpy, (0, 0, 1),
                               (-LIMIT[i], LIMIT[i], SPEED, EFFORT[i])))
        # Centre of mass: DH frame i is this link's frame moved by Tz(d_i) Tx(a_i) Rx(alpha_i).
        c = mat_vec(rot_x(ALPHA[i]), COM_DH[i])
        com = (c[0] + A[i], c[1], c[2] + D[i])
        r, length, axis = INERTIA_SHAPE[i]
        parts.append(link_xml(LINKS[i], MASS[i], com, cylinder_inertia(MASS[i], r, length, axis), SHAPES[LINKS[i]],
                              f"link {i + 1}: {MASS[i]} kg, centre of mass {COM_DH[i]} in DH frame {i + 1}; "
                              f"inertia of a solid cylinder r={r} m, length {length} m along {axis}"))
        parent = LINKS[i]
    parts.append(joint_xml("flange_joint", "fixed", "wrist_3_link", "tool0", (0, 0, D[5]), (0, 0, 0)))
    parts.append('  <!-- tool0: the tool flange, DH frame 6 (z out of the flange) -->\n  <link name="tool0"/>')
    return parts


MATERIALS = """  <material name="ur_gray"><color rgba="0.78 0.79 0.80 1"/></material>
  <material name="ur_blue"><color rgba="0.35 0.55 0.75 1"/></material>
  <material name="ur_dark"><color rgba="0.25 0.26 0.28 1"/></material>
  <material name="gripper_black"><color rgba="0.12 0.12 0.13 1"/></material>
  <material name="pad"><color rgba="0.30 0.30 0.32 1"/></material>"""

# ---------------------------------------------------------------------------------------------
# Gripper

COUPLING = 0.013          # coupling plate thickness
HOUSING = (0.11, 0.065, 0.085)  # x (finger travel), y, z
PALM_Z = COUPLING + HOUSING[2]  # the face the fingers slide along
PAD = (0.012, 0.022, 0.055)     # thickness (x), width (y), length (z)
STROKE = 0.085
FINGER_MASS = 0.05
BASE_MASS = 0.925 - 2 * FINGER_MASS


def gripper_body(prefix_parent=None):
    parts = []
    housing_com = (0, 0, COUPLING + HOUSING[2] / 2 - 0.01)
    ix = BASE_MASS * (HOUSING[1] ** 2 + HOUSING[2] ** 2) / 12
    iy = BASE_MASS * (HOUSING[0] ** 2 + HOUSING[2] ** 2) / 12
    iz = BASE_MASS * (HOUSING[0] ** 2 + HOUSING[1] ** 2) / 12
    parts.append(link_xml("gripper_base", BASE_MASS, housing_com, (ix, iy, iz), [
        ("cylinder", (0.0375, COUPLING), (0, 0, COUPLING / 2), "z", "gripper_black"),
        ("box", HOUSING, (0, 0, COUPLING + HOUSING[2] / 2), "z", "gripper_black"),
    ], "gripper housing and coupling, z along the approach direction"))
    px = FINGER_MASS * (PAD[1] ** 2 + PAD[2] ** 2) / 12
    py = FINGER_MASS * (PAD[0] ** 2 + PAD[2] ** 2) / 12
    pz = FINGER_MASS * (PAD[0] ** 2 + PAD[1] ** 2) / 12
    # Each finger frame sits on the palm face at the pad's inner surface; the pad extends outwards.
    for side, sign in (("left", 1), ("right", -1)):
        centre = (sign * PAD[0] / 2, 0, PAD[2] / 2)
        parts.append(link_xml(f"{side}_finger", FINGER_MASS, centre, (px, py, pz),
                              [("box", PAD, centre, "z", "pad")], f"{side} finger with its pad"))
        parts.append(joint_xml(
            "finger_joint" if side == "left" else "right_finger_joint", "prismatic", "gripper_base", f"{side}_finger",
            (0, 0, PALM_Z), (0, 0, 0), (sign, 0, 0), (0, STROKE / 2, 0.075, 235),
            mimic="finger_joint" if side == "right" else None))
    parts.append(joint_xml("tcp_joint", "fixed", "gripper_base", "tcp", (0, 0, PALM_Z + PAD[2] / 2), (0, 0, 0)))
    parts.append('  <!-- tcp: the grasp centre, between the pads -->\n  <link name="tcp"/>')
    friction = "\n".join(f'  <gazebo reference="{s}_finger"><mu1>1.0</mu1><mu2>1.0</mu2></gazebo>' for s in ("left", "right"))
    parts.append(friction)
    return parts


HEADER = "<?xml version=\"1.0\"?>\n<!-- Generated by make_robots.py; edit that script. Sources and approximations: see its docstring. -->\n"


def write(path, name, parts):
    with open(path, "w") as f:
        f.write(HEADER + f'<robot name="{name}">\n' + MATERIALS + "\n" + "\n".join(parts) + "\n</robot>\n")


def main():
    write("ur5e.urdf", "ur5e", ur5e_body())
    write("gripper-2f85.urdf", "gripper_2f85", gripper_body())
    mount = joint_xml("gripper_mount", "fixed", "tool0", "gripper_base", (0, 0, 0), (0, 0, 0))
    write("ur5e-gripper.urdf", "ur5e_gripper", ur5e_body() + [mount] + gripper_body())


if __name__ == "__main__":
    main()
