"""The slides PDF: one page per slide, its picture, an invisible text layer and an outline entry.

fpdf2 writes the file. Each page is the slide's still (annotations drawn), stored as JPEG or as a
256-colour PNG, whichever is smaller (slides are mostly flat colour and text). The slide's text
from BigBlueButton (``textfiles/slide-N.txt``) is written over the picture in invisible text
(render mode 3, as OCR'd scans carry theirs), so the PDF can be searched, copied from and read by
a screen reader; the outline lists every slide by its first line. The text layer needs a Unicode
TrueType font: the first of ``FONTS`` found (Debian's fonts-dejavu-core, fonts-noto-core,
fonts-liberation); without one, non-Latin-1 characters are left out of the text layer and the
outline (which needs no font) still carries each slide's first line.
"""

import io
import logging
from pathlib import Path

from fpdf import FPDF
from PIL import Image

log = logging.getLogger(__name__)

FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
         "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")
FALLBACK_FONTS = ("/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf",
                  "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
                  "/usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf")
PAGE_WIDTH = 960.0  # points: a 13.33-inch page, the size presentation software exports 16:9 slides at


def encode_page(png_path):
    """The page picture as (bytes, "jpeg"|"png"), whichever is smaller."""
    with Image.open(png_path) as image:
        rgb = image.convert("RGB")
    jpeg, png = io.BytesIO(), io.BytesIO()
    rgb.save(jpeg, "JPEG", quality=80, optimize=True)
    rgb.quantize(256).save(png, "PNG", optimize=True)
    return (jpeg.getvalue(), "jpeg") if jpeg.tell() <= png.tell() else (png.getvalue(), "png")


def outline_title(number, text):
    """``Slide N: first line of its text`` (or ``Slide N``)."""
    first = next((line.strip() for line in (text or "").splitlines() if line.strip()), "")
    return f"Slide {number}: {first[:100]}" if first else f"Slide {number}"


def _font(pdf, fonts, fallbacks):
    for path in fonts:
        if Path(path).is_file():
            pdf.add_font("slidetext", fname=path)
            extra = []
            for index, fallback in enumerate(fallbacks):
                if Path(fallback).is_file():
                    pdf.add_font(f"fallback{index}", fname=fallback)
                    extra.append(f"fallback{index}")
            if extra:
                pdf.set_fallback_fonts(extra)
            return "slidetext", True
    log.warning("no Unicode TrueType font found (%s): the slides PDF's text layer keeps Latin-1 only", fonts[0])
    return "helvetica", False


def write_pdf(pages, output, title, fonts=FONTS, fallbacks=FALLBACK_FONTS):
    """Write ``pages`` ((png path, slide width, slide height, slide text) in order) to ``output``."""
    pdf = FPDF(unit="pt")
    pdf.set_title(title)
    pdf.set_creator("wikilearn-suite lesson package")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    family, unicode_font = _font(pdf, fonts, fallbacks)
    for number, (png_path, width, height, text) in enumerate(pages, start=1):
        page_height = PAGE_WIDTH * height / width if width > 0 and height > 0 else PAGE_WIDTH * 9 / 16
        pdf.add_page(format=(PAGE_WIDTH, page_height))
        pdf.start_section(outline_title(number, text), level=0)
        data, _kind = encode_page(png_path)
        pdf.image(io.BytesIO(data), x=0, y=0, w=PAGE_WIDTH, h=page_height)
        if text and text.strip():
            layer = text if unicode_font else text.encode("latin-1", "ignore").decode("latin-1")
            pdf.set_font(family, size=max(min(page_height / 30, 18), 6))
            with pdf.local_context(text_mode="INVISIBLE"):
                pdf.set_xy(PAGE_WIDTH * 0.05, page_height * 0.08)
                pdf.multi_cell(w=PAGE_WIDTH * 0.9, text=layer[:20_000])
    temporary = Path(output).with_name(Path(output).name + ".tmp")
    pdf.output(str(temporary))
    temporary.replace(output)
    return Path(output)
