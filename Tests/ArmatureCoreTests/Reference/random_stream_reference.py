#!/usr/bin/env python3
"""Independent reference values for ArmatureCore.RandomStream (xoshiro256** seeded by SplitMix64).

Run: python3 Tests/ArmatureCoreTests/Reference/random_stream_reference.py
The numbers it prints are pasted into RandomStreamTests.swift.
"""
M = (1 << 64) - 1

def splitmix64(state):
    while True:
        state = (state + 0x9E3779B97F4A7C15) & M
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        yield z ^ (z >> 31)

def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M

def xoshiro(seed):
    g = splitmix64(seed)
    s = [next(g) for _ in range(4)]
    while True:
        result = (rotl((s[1] * 5) & M, 7) * 9) & M
        t = (s[1] << 17) & M
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
        s[3] = rotl(s[3], 45)
        yield result

for seed in (0, 42):
    g = xoshiro(seed)
    print(seed, [hex(next(g)) for _ in range(3)])
g = xoshiro(42)
print("uniform", [(next(g) >> 11) * 2.0**-53 for _ in range(2)])
