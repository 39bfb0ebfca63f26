"""The PDF renderer: WeasyPrint prints the HTML renderer's document as a tagged PDF (PDF/UA-1).

Tagging gives screen readers the headings, tables and reading order, and PDF/UA requires the title and
language, which WeasyPrint takes from the document's ``<title>`` and ``lang``. WeasyPrint is imported
only here, when a PDF is asked for: it loads Pango and HarfBuzz, which is slow and needs the Debian
libraries that ``make system-deps`` installs.
"""

from ..model import Report
from ..registry import register
from .html import STYLESHEET, render_document


@register("pdf", content_type="application/pdf", extension="pdf")
def render_pdf(report: Report) -> bytes:
    """Return the report as a tagged PDF (PDF/UA-1)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # The document is self-contained (inline CSS and SVG). Refusing every other protocol means that no
    # text in a report can make the server read a local file or call another host while printing.
    fetcher = URLFetcher(allowed_protocols={"data"})
    document = HTML(
        string=render_document(report, paged=True), base_url=STYLESHEET.parent.as_uri(), url_fetcher=fetcher
    )
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf
