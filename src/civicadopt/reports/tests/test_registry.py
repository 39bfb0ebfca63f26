import subprocess
import sys
from dataclasses import replace

import pytest

from civicadopt.reports.model import Report
from civicadopt.reports.registry import (
    Registry,
    UnknownRendererError,
    render,
    renderer,
    renderer_names,
)


def test_the_registry_lists_exactly_the_four_built_in_formats_in_the_order_users_see_them() -> None:
    assert renderer_names() == ("html", "pdf", "docx", "xlsx")


@pytest.mark.parametrize(
    ("name", "content_type", "magic"),
    [
        ("html", "text/html; charset=utf-8", b"<!DOCTYPE html>"),
        ("pdf", "application/pdf", b"%PDF-"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    ],
)
def test_render_picks_the_renderer_by_name(rendered, name: str, content_type: str, magic: bytes) -> None:
    file = rendered[name]
    assert file.content.startswith(magic)
    assert file.content_type == content_type
    assert file.extension == name
    assert file.filename == f"riverton-e-permitting-business-case.{name}"


def test_an_unknown_renderer_is_a_clear_error_naming_the_choices(report: Report) -> None:
    with pytest.raises(
        UnknownRendererError, match=r"No report renderer named 'odt'; available: html, pdf, docx, xlsx"
    ):
        render(report, "odt")
    with pytest.raises(LookupError):
        renderer("")


def test_a_title_without_letters_still_gives_a_file_name(report: Report) -> None:
    assert render(replace(report, title="«» !!!"), "html").filename == "report.html"
    assert render(replace(report, title="x" * 300), "html").filename == "x" * 80 + ".html"


def test_a_separate_registry_takes_plugins_and_refuses_a_second_with_the_same_name(report: Report) -> None:
    # given
    registry = Registry()

    @registry.register("txt", content_type="text/plain", extension="txt")
    def render_text(report: Report) -> bytes:
        return report.title.encode()

    # when
    file = registry.render(report, "txt")
    # then
    assert (file.content, file.filename) == (report.title.encode(), "riverton-e-permitting-business-case.txt")
    assert "txt" in registry and [r.name for r in registry] == ["txt"]
    with pytest.raises(ValueError, match="already registered"):
        registry.register("txt", content_type="text/plain", extension="txt")(render_text)


def test_importing_the_app_and_listing_renderers_loads_no_rendering_library() -> None:
    code = (
        "import sys\n"
        "import civicadopt.reports, civicadopt.reports.apps\n"
        "from civicadopt.reports.registry import renderer_names\n"
        "assert renderer_names() == ('html', 'pdf', 'docx', 'xlsx')\n"
        "heavy = ('weasyprint', 'docx', 'openpyxl', 'cairosvg', 'pydyf', 'lxml')\n"
        "print(','.join(name for name in heavy if name in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == ""
