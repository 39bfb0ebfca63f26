import re
import shutil
import subprocess
import zlib

from django.utils import translation

import pytest

from .factories import HOSTILE_MARKUP, RUN

# WeasyPrint compresses its objects into object streams; the markers are only readable once inflated.
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)


@pytest.fixture(scope="module")
def pdf(rendered) -> bytes:
    return rendered["pdf"].content


@pytest.fixture(scope="module")
def objects(pdf: bytes) -> bytes:
    """Return the PDF with every Flate-compressed stream inflated."""
    inflated = []
    for stream in STREAM.findall(pdf):
        try:
            inflated.append(zlib.decompress(stream))
        except zlib.error:
            continue  # not Flate (or not compressed at all)
    return pdf + b"\n".join(inflated)


def test_the_pdf_is_a_real_document(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 1024
    assert pdf.rstrip().endswith(b"%%EOF")


def test_the_pdf_is_tagged_for_pdf_ua(objects: bytes) -> None:
    assert b"/StructTreeRoot" in objects
    assert b"/MarkInfo <</Marked true>>" in objects
    assert f"/Lang ({translation.get_language()})".encode() in objects  # the active language
    assert b'pdfuaid:part="1"' in objects
    assert (
        b'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Riverton e-permitting: business case</rdf:li>'
        in objects
    )


def test_headings_tables_and_the_figure_are_in_the_structure_tree(objects: bytes) -> None:
    roles = set(re.findall(rb"/S /(\w+)", objects))
    assert {b"H1", b"H2", b"H3", b"H4", b"Table", b"Caption", b"TH", b"TD", b"Figure", b"P"} <= roles
    # The figure's description, not just the chart's own title, is the PDF's alternative text.
    assert b"/Alt (Bar chart: Option B has the highest net present value" in objects


def test_every_font_maps_its_glyphs_back_to_text(objects: bytes) -> None:
    fonts = re.findall(rb"/Type /Font/Subtype /Type0[^>]*", objects)
    assert fonts and all(b"/ToUnicode" in font for font in fonts)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_text_can_be_extracted(pdf: bytes, tmp_path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for expected in ("Whole-life cost by option", "$2,345,678", "-$1,234", HOSTILE_MARKUP, RUN):
        assert expected in text
