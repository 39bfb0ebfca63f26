"""Checks that a rendered report fits its pages: every PDF word inside the printable area and no two
words on top of each other (a clipped or overflowing cell), every DOCX table exactly the text width."""

import re
import subprocess
import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from civicadopt.reports.layout import MARGIN_BOTTOM, MARGIN_SIDE, MARGIN_TOP
from civicadopt.reports.renderers.docx import TABLE_PROPERTIES

TOLERANCE = 1.0  # points: glyph side bearings may poke a hair past the text box
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)
_PAGE_NUMBER = re.compile(r"\d+|/")
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    words: tuple[Word, ...]


def pdf_pages(pdf: bytes) -> list[Page]:
    """Return every page of ``pdf`` with its words' boxes (poppler's ``pdftotext -bbox``)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(pdf)
        html = subprocess.run(
            ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    pages = []
    for number, match in enumerate(_PAGE.finditer(html), start=1):
        words = tuple(
            Word(number, text, float(a), float(b), float(c), float(d))
            for a, b, c, d, text in _WORD.findall(match.group(3))
        )
        pages.append(Page(number, float(match.group(1)), float(match.group(2)), words))
    return pages


def words_outside(page: Page, running_head: str = "") -> list[Word]:
    """Return the words of ``page`` outside its printable area (the page less its margins).

    The margins hold only the running head (the report's title, top right) and the page number
    ("3 / 17", bottom right); any other word there has been pushed off the text area.
    """
    left, right = MARGIN_SIDE - TOLERANCE, page.width - MARGIN_SIDE + TOLERANCE
    top, bottom = MARGIN_TOP - TOLERANCE, page.height - MARGIN_BOTTOM + TOLERANCE
    head = set(running_head.split())

    def off(word: Word) -> bool:
        if word.x0 < left or word.x1 > right or word.y0 < 0 or word.y1 > page.height:
            return True
        if word.y1 <= top:
            return word.text not in head
        if word.y0 >= bottom:
            return not _PAGE_NUMBER.fullmatch(word.text)
        return word.y0 < top < word.y1 or word.y0 < bottom < word.y1  # cut by the text area's edge

    outside = [word for word in page.words if off(word)]
    return outside


def overlapping_words(page: Page) -> list[tuple[Word, Word]]:
    """Return pairs of words drawn over each other: text spilling out of its table cell."""
    words = sorted(page.words, key=lambda word: word.y0)
    pairs = []
    for index, first in enumerate(words):
        for second in words[index + 1 :]:
            if second.y0 >= first.y1:
                break
            across = min(first.x1, second.x1) - max(first.x0, second.x0)
            down = min(first.y1, second.y1) - max(first.y0, second.y0)
            if across > 0.5 and down > 0.6 * min(first.y1 - first.y0, second.y1 - second.y0):
                pairs.append((first, second))
    return pairs


def pdf_problems(pdf: bytes, running_head: str = "") -> list[str]:
    """Return one line per word outside the printable area or drawn over another word."""
    problems = []
    for page in pdf_pages(pdf):
        problems += [
            f"page {page.number} ({page.width:.0f} x {page.height:.0f} pt): {word.text!r} at "
            f"x {word.x0:.1f}-{word.x1:.1f}, y {word.y0:.1f}-{word.y1:.1f}"
            for word in words_outside(page, running_head)
        ]
        problems += [
            f"page {page.number}: {first.text!r} overlaps {second.text!r}"
            for first, second in overlapping_words(page)
        ]
    return problems


def docx_tables(docx: bytes) -> list[tuple[object, object]]:
    """Return ``(table element, section properties element)`` for every table, in order."""
    from docx import Document

    body = Document(BytesIO(docx)).element.body
    found: list[tuple[object, object]] = []
    waiting: list[object] = []
    for child in body.iterchildren():
        if child.tag == f"{W}tbl":
            waiting.append(child)
        section = child.find(f"{W}pPr/{W}sectPr") if child.tag == f"{W}p" else None
        if child.tag == f"{W}sectPr":
            section = child
        if section is not None:
            found += [(table, section) for table in waiting]
            waiting = []
    return found


def text_width_twips(section: object) -> int:
    size, margins = section.find(f"{W}pgSz"), section.find(f"{W}pgMar")  # type: ignore[attr-defined]
    return int(size.get(f"{W}w")) - int(margins.get(f"{W}left")) - int(margins.get(f"{W}right"))


def docx_problems(docx: bytes) -> list[str]:
    """Return one line per table not exactly the text width, without a repeating header, or on a
    landscape section whose page is not turned."""
    problems = []
    for number, (table, section) in enumerate(docx_tables(docx), start=1):
        caption = table.find(f"{W}tblPr/{W}tblCaption")  # type: ignore[attr-defined]
        name = f"table {number} ({caption.get(f'{W}val') if caption is not None else 'no caption'})"
        grid = [int(col.get(f"{W}w")) for col in table.iter(f"{W}gridCol")]  # type: ignore[attr-defined]
        width = text_width_twips(section)
        if sum(grid) != width:
            problems.append(f"{name}: columns add up to {sum(grid)} twips, the text is {width} wide")
        first_row = table.find(f"{W}tr")  # type: ignore[attr-defined]
        header = first_row.find(f"{W}trPr/{W}tblHeader")
        if header is None:
            problems.append(f"{name}: the header row does not repeat")
        for row in table.iter(f"{W}tr"):  # type: ignore[attr-defined]
            cells = [int(w.get(f"{W}w")) for w in row.iter(f"{W}tcW")]
            if cells != grid:
                problems.append(f"{name}: cell widths {cells} differ from the columns {grid}")
                break
        order = [child.tag.replace(W, "w:") for child in table.find(f"{W}tblPr")]  # type: ignore[attr-defined]
        if order != sorted(order, key=TABLE_PROPERTIES.index):
            problems.append(f"{name}: table properties out of the schema's order, {order}")
        size = section.find(f"{W}pgSz")  # type: ignore[attr-defined]
        turned = size.get(f"{W}orient") == "landscape"
        if turned != (int(size.get(f"{W}w")) > int(size.get(f"{W}h"))):
            problems.append(f"{name}: a landscape section with an upright page, or the reverse")
    return problems
