"""The same SVG goes into the Word document (as a PNG made by cairosvg) and the PDF (WeasyPrint draws
the inline SVG): both must accept every chart."""

import pytest

from .examples import all_examples, bar_example, histogram_example, line_example, tornado_example

CHARTS = all_examples()


@pytest.mark.parametrize("chart", CHARTS, ids=[str(i) for i in range(len(CHARTS))])
def test_cairosvg_converts_each_chart_to_png(chart):
    import cairosvg

    png = cairosvg.svg2png(bytestring=chart.svg.encode())
    assert png.startswith(b"\x89PNG")
    width = int.from_bytes(png[16:20], "big")
    assert width == 720  # drawn at the viewBox width: text at its full size


def test_weasyprint_renders_a_page_with_every_chart_to_pdf():
    import weasyprint

    charts = [line_example(), bar_example(), tornado_example(), histogram_example()]
    figures = "".join(
        f"<figure>{chart.svg}<figcaption>{chart.title}</figcaption></figure>" for chart in charts
    )
    document = weasyprint.HTML(
        string=f"<!doctype html><html lang='en'><body>{figures}</body></html>"
    ).render()
    svgs = [
        box
        for page in document.pages
        for box in _descendants(page._page_box)
        if (getattr(box, "element_tag", None) or "").endswith("svg")
    ]
    assert len(svgs) == 4
    assert all(box.width > 400 and box.height > 200 for box in svgs)  # scaled to the page, not collapsed
    assert document.write_pdf().startswith(b"%PDF")


def test_weasyprint_renders_the_edge_cases():
    import weasyprint

    figures = "".join(f"<figure>{chart.svg}</figure>" for chart in CHARTS)
    assert weasyprint.HTML(string=f"<html><body>{figures}</body></html>").write_pdf().startswith(b"%PDF")


def _descendants(box):
    yield box
    for child in getattr(box, "children", []):
        yield from _descendants(child)
