#!/usr/bin/env python3
"""Writes the procedural textures of Scenes/textures (64 x 64 RGB PNGs) that the visual domain
randomization's `NAME.texture` parameters choose from (Sources/Randomization/VisualParameters.swift).
Standard library only; the output is deterministic. Run from the repository root."""
import math, random, struct, zlib

N = 64

def png(path, pixel):
    rows = b"".join(b"\x00" + bytes(c for x in range(N) for c in pixel(x, y)) for y in range(N))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))

def clamp(v):
    return max(0, min(255, int(round(v))))

def wood(x, y):  # rings bent by a slow wave, wrapping at the edges
    t = 0.5 + 0.5 * math.sin(2 * math.pi * (4 * y / N + 0.15 * math.sin(2 * math.pi * x / N)))
    return (clamp(120 + 60 * t), clamp(80 + 40 * t), clamp(45 + 20 * t))

def checker(x, y):
    return (200, 200, 190) if ((x // 8) + (y // 8)) % 2 == 0 else (70, 75, 80)

rng = random.Random(5)
speckle_values = [[rng.random() for _ in range(N)] for _ in range(N)]

def speckle(x, y):  # grey granite-like noise
    v = 90 + 110 * speckle_values[y][x]
    return (clamp(v), clamp(v * 0.97), clamp(v * 0.93))

def stripes(x, y):
    return (40, 90, 160) if (x + y) % 16 < 8 else (220, 220, 225)

for name, f in [("wood", wood), ("checker", checker), ("speckle", speckle), ("stripes", stripes)]:
    png(f"Scenes/textures/{name}.png", f)
