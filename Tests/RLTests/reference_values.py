"""Reference numbers for RLTests/ObjectiveTests.swift, computed independently in plain Python.

    python3 Tests/RLTests/reference_values.py
"""
import math

# GAE(lambda): gamma 0.9, lambda 0.8; step 1 truncated (bootstrap from the final observation's
# value 3.0), step 3 terminated (no bootstrap).
r, v, nv = [1, 0, 2, -1], [0.5, 1.0, 1.5, 0.2], [1.0, 3.0, 0.2, 7.0]
term, ended = [0, 0, 0, 1], [0, 1, 0, 1]
g, lam = 0.9, 0.8
adv, nxt = [0.0] * 4, 0.0
for t in reversed(range(4)):
    delta = r[t] + (0 if term[t] else g * nv[t]) - v[t]
    nxt = delta + (0 if ended[t] else g * lam * nxt)
    adv[t] = nxt
print("gae", adv)

# Clipped surrogate, clip 0.2.
new = [math.log(1.5), math.log(0.5), math.log(0.5), math.log(1.1)]
old = [0.0] * 4
A = [2.0, 1.0, -1.0, -2.0]
m = len(A)
ratio = [math.exp(n - o) for n, o in zip(new, old)]
surr = [min(q * a, min(max(q, 0.8), 1.2) * a) for q, a in zip(ratio, A)]
print("loss", -sum(surr) / m)
print("clipfrac", sum(abs(q - 1) > 0.2 for q in ratio) / m)
print("kl", sum((q - 1) - math.log(q) for q in ratio) / m)
# Gradient by central differences in the new log-probabilities.
h = 1e-6
def loss(ls):
    return -sum(min(math.exp(l) * a, min(max(math.exp(l), 0.8), 1.2) * a) for l, a in zip(ls, A)) / m
print("grad", [(loss([x + (h if j == i else 0) for j, x in enumerate(new)]) - loss([x - (h if j == i else 0) for j, x in enumerate(new)])) / (2 * h) for i in range(m)])

# Clipped value loss, clip 0.2.
V, Vold, R = [1.0, 2.0], [0.5, 2.0], [2.0, 1.0]
def vloss(V):
    return sum(0.5 * max((x - y) ** 2, (o + min(max(x - o, -0.2), 0.2) - y) ** 2) for x, o, y in zip(V, Vold, R)) / 2
print("vloss", vloss(V))
print("vgrad", [(vloss([x + (h if j == i else 0) for j, x in enumerate(V)]) - vloss([x - (h if j == i else 0) for j, x in enumerate(V)])) / (2 * h) for i in range(2)])

# Centered ranks (Salimans et al.'s compute_centered_ranks, ties broken by index).
f = [3.0, -1.0, 10.0, 3.0, 0.5]
order = sorted(range(len(f)), key=lambda i: (f[i], i))
ranks = [0.0] * len(f)
for k, i in enumerate(order):
    ranks[i] = k / (len(f) - 1) - 0.5
print("ranks", ranks)
