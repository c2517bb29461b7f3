"""Reference values for the Wilson score intervals checked in ConfidenceIntervalTests.swift.

Computed with SciPy's binomial test (scipy.stats.binomtest(...).proportion_ci(method="wilson")),
an implementation independent of Armature's. Run: python3 wilson_reference.py
"""
from scipy.stats import binomtest

CASES = [(0, 10), (10, 10), (7, 10), (1, 1), (0, 1), (195, 200), (200, 200), (0, 200), (100, 200), (19, 20), (3, 50)]

for k, n in CASES:
    ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    print(f"({k}, {n}, {float(ci.low)!r}, {float(ci.high)!r}),")
