"""Draws the toolbar icons (a blue speech bubble with a white check mark) as PNGs; no dependencies.

Run `python3 make_icons.py` in this folder after changing the design; the PNGs are committed.
"""

import math
import struct
import zlib

BLUE = (29, 78, 216)
WHITE = (255, 255, 255)


def coverage(x: float, y: float) -> tuple[float, float]:
    """(bubble, check) coverage of a point in unit coordinates (0..1)."""
    # Bubble: a rounded square (0.06..0.94 × 0.06..0.80) plus a tail at the bottom left.
    r = 0.18
    cx = min(max(x, 0.06 + r), 0.94 - r)
    cy = min(max(y, 0.06 + r), 0.80 - r)
    in_body = (x - cx) ** 2 + (y - cy) ** 2 <= r * r and 0.06 <= x <= 0.94 and 0.06 <= y <= 0.80
    in_tail = 0.20 <= x <= 0.42 and 0.78 <= y <= 0.96 and (x - 0.20) >= (y - 0.78) * 1.2 - 0.0 and x <= 0.42 - (y - 0.78) * 0.2
    bubble = 1.0 if (in_body or in_tail) else 0.0
    # Check mark: two thick segments.
    def dist(px, py, ax, ay, bx, by):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
        return math.hypot(px - (ax + t * dx), py - (ay + t * dy))
    d = min(dist(x, y, 0.27, 0.44, 0.44, 0.60), dist(x, y, 0.44, 0.60, 0.74, 0.26))
    check = 1.0 if d <= 0.075 else 0.0
    return bubble, check


def render(size: int) -> bytes:
    """RGBA rows of the icon at `size` px, 4×4 supersampled."""
    rows = []
    n = 4
    for j in range(size):
        row = bytearray([0])  # PNG filter: none
        for i in range(size):
            b = c = 0.0
            for sj in range(n):
                for si in range(n):
                    bb, cc = coverage((i + (si + 0.5) / n) / size, (j + (sj + 0.5) / n) / size)
                    b += bb
                    c += cc * bb
            b /= n * n
            c /= n * n
            if b == 0:
                row += bytes([0, 0, 0, 0])
                continue
            mix = c / b
            rgb = [round(BLUE[k] * (1 - mix) + WHITE[k] * mix) for k in range(3)]
            row += bytes(rgb + [round(255 * b)])
        rows.append(bytes(row))
    return b"".join(rows)


def png(size: int) -> bytes:
    """A PNG file of the icon."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(render(size), 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    for size in (16, 32, 48, 128):
        with open(f"icon-{size}.png", "wb") as f:
            f.write(png(size))
