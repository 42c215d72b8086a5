"""Turning a picked file into what an attachment stores (#18): a photo downscaled to a JPEG whose long
side is at most :data:`LONG_SIDE` (EXIF orientation applied, so it shows upright everywhere), or a
PDF kept as it is; each with a small JPEG thumbnail. Hostile or broken files — a decompression bomb, a
truncated JPEG, a "PDF" that is not one, a file far too large — are refused with one Chinese sentence
(:class:`~safetystation.errors.UserError`) before much memory is spent on them.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from safetystation.errors import UserError

LONG_SIDE = 2000  # px: a photo's long side as stored (A4 at 300 dpi needs ~2,500 for a full page; 2-3 a page need less)
THUMB_SIDE = 240  # px: the thumbnails the form shows
JPEG_QUALITY = 82
THUMB_QUALITY = 75
MAX_FILE_BYTES = 40 * 1024 * 1024  # a picked file larger than this is refused before it is read
MAX_PDF_BYTES = 20 * 1024 * 1024  # a PDF is stored as it is: a scan of a few pages fits easily
# Pixels a picture may declare. JPEG is decoded reduced (draft mode: 1/2…1/8 in the decoder), so a
# 200-megapixel phone photo costs little memory; other formats are decoded whole, hence the lower limit.
MAX_JPEG_PIXELS = 250_000_000
MAX_OTHER_PIXELS = 50_000_000
FORMATS = ("JPEG", "PNG", "BMP", "TIFF", "WEBP", "GIF")  # (JPEG opens MPO, the JPEG some cameras write, too)
PDF_EXTENSIONS = (".pdf",)
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".jfif", ".png", ".bmp", ".tif", ".tiff", ".webp", ".gif")

# Pillow's own guard against decompression bombs stays on (it raises beyond twice this); ours is stricter.
Image.MAX_IMAGE_PIXELS = MAX_JPEG_PIXELS


@dataclass(frozen=True)
class Prepared:
    """What will be stored for one picked file."""

    kind: str  # "image" / "pdf"
    data: bytes
    thumbnail: bytes
    width: int | None
    height: int | None
    original_width: int | None
    original_height: int | None
    taken: dt.datetime | None
    converted: bool = False  # a photo that was not a JPEG (PNG, BMP…) and is stored as one

    @property
    def reduced(self) -> bool:
        """The photo was made smaller than it was picked (the clerk is told)."""
        return self.width is not None and (self.width, self.height) != (self.original_width, self.original_height)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def check_size(name: str, size: int) -> None:
    """Refuse a file too large to attach, before it is read."""
    limit = MAX_PDF_BYTES if Path(name).suffix.lower() in PDF_EXTENSIONS else MAX_FILE_BYTES
    if size > limit:
        raise UserError(
            f"“{name}”有 {_mb(size)}，超过附件上限 {_mb(limit)}。"
            "请先用手机或扫描软件把它调小（照片选“标准”画质，扫描件选 200 dpi），再添加。"
        )
    if size == 0:
        raise UserError(f"“{name}”是空文件（0 字节），没有添加。")


def prepare(name: str, data: bytes) -> Prepared:
    """The stored form of file ``name`` with content ``data``; UserError for anything that is not a
    readable photo or PDF."""
    check_size(name, len(data))
    if data[:1024].lstrip().startswith(b"%PDF-") or Path(name).suffix.lower() in PDF_EXTENSIONS:
        return _pdf(name, data)
    return _image(name, data)


def _pdf(name: str, data: bytes) -> Prepared:
    # A real PDF starts with "%PDF-" (readers accept it within the first 1,024 bytes) and ends with
    # "%%EOF" (within the last 1,024, trailing blanks allowed); anything else is not kept as a PDF.
    head = data[:1024]
    if b"%PDF-" not in head:
        raise UserError(f"“{name}”不是有效的 PDF 文件（文件开头没有 PDF 标记），可能已损坏或只是改了扩展名，没有添加。")
    if b"%%EOF" not in data[-1024:]:
        raise UserError(f"“{name}”这个 PDF 文件不完整（没有结尾标记），可能没有下载或复制完整，没有添加。")
    return Prepared("pdf", data, pdf_icon(), None, None, None, None, None)


def _image(name: str, data: bytes) -> Prepared:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im: Image.Image = Image.open(io.BytesIO(data), formats=FORMATS)
            w, h = im.size
            im_format = im.format
            limit = MAX_JPEG_PIXELS if im.format in ("JPEG", "MPO") else MAX_OTHER_PIXELS
            if w * h > limit or w <= 0 or h <= 0:
                raise UserError(
                    f"“{name}”的尺寸为 {w}×{h} 像素，超过可接受的 {limit // 1_000_000} 百万像素，"
                    "可能是异常文件，没有添加。"
                )
            taken = _taken(im)
            orientation = im.getexif().get(0x0112, 1)
            quarter = orientation in (5, 6, 7, 8)  # turned by a quarter: width and height swap
            if im.format in ("JPEG", "MPO"):
                # Decode at the smallest scale whose long side is still at least LONG_SIDE (the decoder
                # skips the rest: a 50-megapixel photo is decoded at a quarter of its pixels).
                ratio = LONG_SIDE / max(w, h)
                if ratio < 1:
                    im.draft("RGB", (max(1, int(w * ratio)), max(1, int(h * ratio))))
            im.load()
            im = ImageOps.exif_transpose(im)
            im = _flatten(im)
            im.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            im.save(out, "JPEG", quality=JPEG_QUALITY)  # (optimize + progressive: 40 ms a photo, not 4)
            thumb = _thumbnail(im)
            converted = im_format not in ("JPEG", "MPO")
    except UserError:
        raise
    except UnidentifiedImageError:
        raise UserError(
            f"“{name}”不是能识别的照片格式（可用 JPG、PNG、BMP、TIFF、WEBP；"
            "苹果手机的 HEIC 照片请先导出为 JPG），没有添加。"
        ) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UserError(f"“{name}”声明的图像尺寸异常巨大，可能是恶意构造的文件，没有添加。") from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, MemoryError) as e:
        # Pillow reports a truncated or damaged file as OSError ("image file is truncated") and some
        # broken headers as SyntaxError/ValueError.
        raise UserError(f"“{name}”这张照片已损坏或不完整，无法读取（{type(e).__name__}），没有添加。") from None
    ow, oh = (h, w) if quarter else (w, h)
    return Prepared("image", out.getvalue(), thumb, im.width, im.height, ow, oh, taken, converted)


def _flatten(im: Image.Image) -> Image.Image:
    """RGB on white: a transparent PNG or a palette GIF becomes what JPEG can hold."""
    if im.mode in ("RGBA", "LA", "P", "PA"):
        im = im.convert("RGBA")
        back = Image.new("RGB", im.size, "white")
        back.paste(im, mask=im.getchannel("A"))
        return back
    if im.mode != "RGB":
        return im.convert("RGB")
    return im


def _thumbnail(im: Image.Image) -> bytes:
    t = im.copy()
    t.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.BICUBIC)
    out = io.BytesIO()
    t.save(out, "JPEG", quality=THUMB_QUALITY)
    return out.getvalue()


def _taken(im: Image.Image) -> dt.datetime | None:
    """When the photo was taken, from its EXIF (DateTimeOriginal, else DateTime); None if absent or odd."""
    try:
        exif = im.getexif()
        value = exif.get_ifd(0x8769).get(0x9003) or exif.get(0x0132)
        if not isinstance(value, str):
            return None
        return dt.datetime.strptime(value.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except (ValueError, TypeError, KeyError, OSError, SyntaxError):
        return None


def pdf_icon() -> bytes:
    """The thumbnail of a PDF: a page with "PDF" on it (the core renders no PDF)."""
    side = THUMB_SIDE
    im = Image.new("RGB", (side * 3 // 4, side), "white")
    d = ImageDraw.Draw(im)
    d.rectangle((0, 0, im.width - 1, im.height - 1), outline=(120, 120, 120), width=3)
    for y in range(40, side - 70, 18):
        d.line((24, y, im.width - 24, y), fill=(200, 200, 200), width=4)
    d.rectangle((0, side - 64, im.width - 1, side - 16), fill=(190, 30, 45))
    font = ImageFont.load_default(size=36)
    d.text((im.width // 2, side - 40), "PDF", fill="white", font=font, anchor="mm")
    out = io.BytesIO()
    im.save(out, "JPEG", quality=THUMB_QUALITY)
    return out.getvalue()
