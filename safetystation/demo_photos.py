"""Drawn stand-ins for the demo township's photos (#18): simple scenes made with Pillow — a drill on a
square, a corridor blocked before and clear after rectification, a signed attendance sheet — so the
demo shows thumbnails, viewers and printed appendices without shipping real photos of real people.
Deterministic for a given ``random.Random``."""

from __future__ import annotations

import datetime as dt
import io
import random

from PIL import Image, ImageDraw, ImageFont

W, H = 1600, 1200


def _jpeg(im: Image.Image, when: dt.datetime) -> bytes:
    """The scene as a camera would save it: the date stamped in a corner, the time in its EXIF."""
    d = ImageDraw.Draw(im)
    font = ImageFont.load_default(size=34)
    d.text((W - 30, H - 30), f"{when:%Y-%m-%d %H:%M}", fill=(255, 170, 40), font=font, anchor="rs")
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = f"{when:%Y:%m:%d %H:%M:%S}"
    out = io.BytesIO()
    im.save(out, "JPEG", quality=85, exif=exif.tobytes())
    return out.getvalue()


def _sky_and_ground(d: ImageDraw.ImageDraw, horizon: int) -> None:
    for y in range(horizon):
        t = y / horizon
        d.line((0, y, W, y), fill=(int(120 + 90 * t), int(170 + 60 * t), 235))
    d.rectangle((0, horizon, W, H), fill=(150, 150, 140))
    for x in range(-H, W, 120):  # paving
        d.line((x, H, x + (H - horizon) // 2, horizon), fill=(135, 135, 128), width=3)


def _person(d: ImageDraw.ImageDraw, x: int, y: int, scale: float, colour: tuple[int, int, int]) -> None:
    r = int(14 * scale)
    d.ellipse((x - r, y - 6 * r, x + r, y - 4 * r), fill=(235, 200, 170))
    d.rectangle((x - r, y - 4 * r, x + r, y - int(1.6 * r)), fill=colour)
    d.line((x - r // 2, y - int(1.6 * r), x - r, y), fill=(40, 40, 60), width=max(2, r // 2))
    d.line((x + r // 2, y - int(1.6 * r), x + r, y), fill=(40, 40, 60), width=max(2, r // 2))


def drill_scene(rng: random.Random, when: dt.datetime, step: int) -> bytes:
    """A fire drill: a school building with smoke at a window, people filing to the assembly point
    (``step`` 0: leaving, 1: on the way, 2: counted at the flag, 3: extinguisher practice)."""
    im = Image.new("RGB", (W, H))
    d = ImageDraw.Draw(im)
    horizon = 560
    _sky_and_ground(d, horizon)
    bx, by = 120 + rng.randint(0, 80), 180
    d.rectangle((bx, by, bx + 760, horizon + 40), fill=(225, 215, 195), outline=(120, 110, 100), width=4)
    for row in range(3):
        for col in range(6):
            x, y = bx + 40 + col * 120, by + 40 + row * 110
            d.rectangle((x, y, x + 70, y + 60), fill=(110, 150, 190), outline=(80, 80, 80), width=3)
    sx, sy = bx + 40 + rng.randint(0, 5) * 120 + 35, by + 40
    for i in range(7):  # smoke from one window
        r = 30 + i * 14
        g = 90 + i * 18
        d.ellipse((sx - r + i * 18, sy - i * 55 - r, sx + r + i * 18, sy - i * 55 + r), fill=(g, g, g))
    d.rectangle((bx + 330, horizon - 100, bx + 430, horizon + 40), fill=(90, 60, 40))  # door
    fx = 1300
    d.line((fx, horizon - 260, fx, horizon + 60), fill=(60, 60, 60), width=8)  # assembly flag
    d.polygon([(fx, horizon - 260), (fx + 150, horizon - 220), (fx, horizon - 180)], fill=(30, 160, 60))
    colours = [(200, 40, 40), (40, 80, 200), (230, 180, 30), (40, 150, 90), (120, 60, 160)]
    n = rng.randint(9, 16)
    for i in range(n):
        if step == 2:
            x, y = fx - 260 + (i % 6) * 55, horizon + 150 + (i // 6) * 90
        elif step == 3:
            x, y = 980 + (i % 8) * 70, horizon + 330 + (i // 8) * 80
        else:
            t = (i / n) * (0.5 if step == 0 else 1.0)
            x = int(bx + 380 + t * (fx - bx - 500)) + rng.randint(-20, 20)
            y = horizon + 120 + int(t * 220) + rng.randint(-25, 25)
        _person(d, x, y, 1.4 + (y - horizon) / 500, rng.choice(colours))
    if step == 3:  # a tray fire and an extinguisher
        d.rectangle((560, horizon + 330, 760, horizon + 360), fill=(70, 70, 70))
        d.polygon([(580, horizon + 330), (660, horizon + 170), (740, horizon + 330)], fill=(240, 120, 20))
        d.polygon([(620, horizon + 330), (660, horizon + 240), (700, horizon + 330)], fill=(255, 220, 60))
        d.rounded_rectangle((860, horizon + 230, 910, horizon + 380), radius=14, fill=(210, 20, 30))
        d.line((885, horizon + 230, 800, horizon + 280), fill=(30, 30, 30), width=8)
    return _jpeg(im, when)


def corridor_scene(rng: random.Random, when: dt.datetime, *, blocked: bool) -> bytes:
    """A workshop corridor towards a green exit: ``blocked`` with boxes and a loose cable (the hazard
    as found), else clear with an extinguisher on the wall (as rectified)."""
    im = Image.new("RGB", (W, H), (200, 200, 195))
    d = ImageDraw.Draw(im)
    vx, vy = W // 2, H // 2 - 60
    d.polygon([(0, H), (W, H), (vx + 220, vy + 180), (vx - 220, vy + 180)], fill=(120, 125, 120))  # floor
    d.polygon([(0, 0), (W, 0), (vx + 220, vy - 180), (vx - 220, vy - 180)], fill=(225, 225, 220))  # ceiling
    d.polygon([(0, 0), (vx - 220, vy - 180), (vx - 220, vy + 180), (0, H)], fill=(190, 185, 170))  # left wall
    d.polygon([(W, 0), (vx + 220, vy - 180), (vx + 220, vy + 180), (W, H)], fill=(180, 175, 160))
    d.rectangle((vx - 220, vy - 180, vx + 220, vy + 180), fill=(170, 165, 150))
    d.rectangle((vx - 90, vy - 100, vx + 90, vy + 180), fill=(120, 90, 60), outline=(60, 40, 30), width=4)
    d.rectangle((vx - 80, vy - 160, vx + 80, vy - 115), fill=(20, 150, 70))  # exit sign
    d.text((vx, vy - 137), "EXIT", fill="white", font=ImageFont.load_default(size=30), anchor="mm")
    for i in range(4):  # ceiling lights
        y = 60 + i * 70
        d.rectangle((vx - 60 + i * 5, y, vx + 60 - i * 5, y + 14), fill=(255, 255, 235))
    if blocked:
        for _ in range(rng.randint(7, 10)):
            x, y = rng.randint(vx - 420, vx + 300), rng.randint(vy + 230, H - 260)
            w, h = rng.randint(120, 260), rng.randint(90, 200)
            tone = rng.randint(150, 190)
            d.rectangle((x, y, x + w, y + h), fill=(tone, tone - 40, tone - 90), outline=(90, 70, 40), width=3)
            d.line((x, y + h // 3, x + w, y + h // 3), fill=(200, 180, 120), width=6)
        points = [(rng.randint(100, W - 100), rng.randint(H - 240, H - 40)) for _ in range(6)]
        d.line(points, fill=(20, 20, 20), width=10, joint="curve")  # a loose cable across the floor
    else:
        d.rounded_rectangle((W - 360, vy + 40, W - 300, vy + 220), radius=16, fill=(210, 20, 30))
        d.rectangle((W - 390, vy - 40, W - 270, vy + 20), fill=(200, 30, 30))  # 灭火器 sign board
        d.line((vx - 300, H, vx - 140, vy + 180), fill=(240, 200, 30), width=8)  # marked walkway
        d.line((vx + 300, H, vx + 140, vy + 180), fill=(240, 200, 30), width=8)
    return _jpeg(im, when)


def sign_in_sheet(rng: random.Random, when: dt.datetime, rows: int) -> bytes:
    """A photographed attendance sheet: a ruled table on paper, each row signed by hand."""
    im = Image.new("RGB", (W, H), (90, 80, 70))
    d = ImageDraw.Draw(im)
    d.polygon([(160, 60), (W - 140, 90), (W - 180, H - 50), (130, H - 80)], fill=(250, 248, 240))
    top, left, right = 200, 220, W - 240
    step = min(70, (H - 320) // (rows + 1))
    for i in range(rows + 2):
        y = top + i * step
        d.line((left, y, right, y), fill=(60, 60, 60), width=3)
    for x in (left, left + 140, left + 620, right):
        d.line((x, top, x, top + (rows + 1) * step), fill=(60, 60, 60), width=3)
    d.rectangle((left + 300, 110, right - 300, 150), fill=(60, 60, 60))  # the printed title line
    for i in range(rows):
        y = top + (i + 1) * step + step // 2
        x = left + 660
        points = [(x + k * 28, y + rng.randint(-step // 3, step // 3)) for k in range(rng.randint(6, 14))]
        d.line(points, fill=(20, 30, 110), width=4, joint="curve")
        d.text((left + 70, y), str(i + 1), fill=(30, 30, 30), font=ImageFont.load_default(size=30), anchor="mm")
    return _jpeg(im, when)
