"""#18: photos built to exhaust memory or break the decoder get one Chinese sentence, in a child process
with a memory ceiling and a time limit (as tests/unit/test_hostile_files.py does for spreadsheets),
so a crash fails the test instead of pytest; a genuinely huge photo is read in bounded memory."""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import textwrap
import time
import zlib
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 1024 * 1024 * 1024
TIME_LIMIT = 30

CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from safetystation.images import prepare
    t0 = time.perf_counter()
    path = Path(sys.argv[1])
    try:
        p = prepare(path.name, path.read_bytes())
        result = {{"kind": p.kind, "size": [p.width, p.height], "original": [p.original_width, p.original_height]}}
    except Exception as e:
        result = {{"error": type(e).__name__, "message": str(e)}}
    result["seconds"] = time.perf_counter() - t0
    hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0]
    result["rss_mb"] = int(hwm.split()[1]) / 1024
    print(json.dumps(result, ensure_ascii=False))
    """
)


def prepare_in_child(path: Path) -> dict:
    script = CHILD.format(limit=MEMORY_LIMIT, root=str(ROOT))
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=TIME_LIMIT)
    assert r.returncode == 0, f"the child died (code {r.returncode}): {r.stderr[-2000:]}"
    result = json.loads(r.stdout)
    result["wall"] = time.perf_counter() - t0
    return result


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_of_zeros(w: int, h: int) -> bytes:
    """A real grey PNG of ``w``×``h`` black pixels: tiny on disk, ``w*h`` bytes when decoded."""
    z = zlib.compressobj(9)
    row = b"\x00" * (w + 1)  # filter byte + pixels
    idat = b"".join(z.compress(row) for _ in range(h)) + z.flush()
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def jpeg_declaring(w: int, h: int) -> bytes:
    """A small JPEG whose frame header claims ``w``×``h``."""
    out = io.BytesIO()
    Image.new("RGB", (64, 64), "gray").save(out, "JPEG")
    data = bytearray(out.getvalue())
    sof = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, h, w)
    return bytes(data)


def test_a_png_declaring_a_quarter_billion_pixels_is_refused_without_decoding(tmp_path):
    path = tmp_path / "现场.png"
    path.write_bytes(png_of_zeros(16_000, 16_000))  # 256 megapixels of zeros: 250 KB on disk
    assert path.stat().st_size < 1_000_000
    result = prepare_in_child(path)
    assert result.get("error") == "UserError", result
    assert "“现场.png”" in result["message"] and "没有添加" in result["message"]
    assert result["wall"] < 10 and result["rss_mb"] < 200, result


def test_a_jpeg_claiming_four_billion_pixels_is_refused(tmp_path):
    path = tmp_path / "IMG_0001.jpg"
    path.write_bytes(jpeg_declaring(65_000, 65_000))
    result = prepare_in_child(path)
    assert result.get("error") == "UserError" and "异常巨大" in result["message"], result
    assert result["wall"] < 5 and result["rss_mb"] < 200, result


def test_a_png_just_under_the_limit_is_read_within_the_ceiling(tmp_path):
    path = tmp_path / "扫描.png"
    path.write_bytes(png_of_zeros(7_000, 7_000))  # 49 megapixels: allowed, decoded whole
    result = prepare_in_child(path)
    assert result.get("kind") == "image", result
    assert result["size"] == [2000, 2000] and result["original"] == [7000, 7000]


def test_a_real_108_megapixel_photo_is_decoded_reduced(tmp_path):
    path = tmp_path / "全景.jpg"
    Image.new("L", (12_000, 9_000), 128).save(path, "JPEG", quality=80)
    result = prepare_in_child(path)
    assert result.get("kind") == "image", result
    assert result["size"] == [2000, 1500] and result["original"] == [12000, 9000]
    # Decoded whole it would take 108 MB for its pixels alone; the decoder's 1/4 scale takes 7 MB.
    assert result["rss_mb"] < 100, result


def test_a_truncated_jpeg_is_one_chinese_sentence(tmp_path):
    out = io.BytesIO()
    Image.effect_noise((1600, 1200), 64).convert("RGB").save(out, "JPEG", quality=90)
    path = tmp_path / "演练.jpg"
    path.write_bytes(out.getvalue()[: len(out.getvalue()) // 2])
    result = prepare_in_child(path)
    assert result.get("error") == "UserError" and "已损坏或不完整" in result["message"], result


def test_a_pdf_that_is_an_executable_is_refused(tmp_path):
    path = tmp_path / "协议.pdf"
    path.write_bytes(b"MZ\x90\x00" + b"\x00" * 4000)
    result = prepare_in_child(path)
    assert result.get("error") == "UserError" and "不是有效的 PDF 文件" in result["message"], result
