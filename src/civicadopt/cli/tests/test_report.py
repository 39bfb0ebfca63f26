"""``civicadopt report``: every format opens, the member's visibility applies, every exit path is plain."""

import io
import subprocess
from decimal import Decimal as D
from pathlib import Path

import pytest

from civicadopt.business_cases import services
from civicadopt.business_cases.models import BusinessCase
from civicadopt.cli import main
from civicadopt.conftest import Tenant

pytestmark = pytest.mark.django_db
TITLE = "Business case: Riverton e-permitting"


def make_case(tenant: Tenant) -> BusinessCase:
    editor = tenant.users["editor"]
    case = services.business_case_create(
        user=editor,
        initiative=tenant.initiative,
        data={"price_base_year": 2026, "first_year": 2026, "discount_rate": D("0.05")},
    )
    option = services.option_create(user=editor, case=case, data={"name": "Cloud"})
    services.line_create(user=editor, option=option, data={
        "kind": "cost", "category": "capital", "name": "Migration", "year": 0, "amount": D(1000)})  # fmt: skip
    services.line_create(user=editor, option=option, data={
        "kind": "benefit", "category": "avoided_costs", "name": "Servers", "year": 1, "amount": D(1300)})  # fmt: skip
    return case


@pytest.fixture
def case(tenant_a: Tenant) -> BusinessCase:
    case = make_case(tenant_a)
    services.business_case_calculate(user=tenant_a.users["editor"], case=case, seed=3)
    return case


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["report", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_viewer_writes_the_pdf_with_the_reports_title(case, tmp_path: Path, capsys) -> None:
    # given a viewer, the lowest role, of the initiative's organisation
    target = tmp_path / "packet.pdf"
    # when
    code, out, err = run(
        capsys, str(case.initiative_id), "--as", "riverton-viewer", "--format", "pdf", "-o", str(target)
    )
    # then
    assert (code, err) == (0, "")
    assert f"Wrote {target}" in out and "as riverton-viewer" in out
    assert target.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert TITLE in text


def test_word_excel_and_web_page_open_with_their_readers(case, tmp_path: Path, capsys) -> None:
    from docx import Document
    from openpyxl import load_workbook

    for fmt in ("docx", "xlsx", "html"):
        target = tmp_path / f"packet.{fmt}"
        assert (
            run(
                capsys, str(case.initiative_id), "--as", "riverton-viewer", "--format", fmt, "-o", str(target)
            )[0]
            == 0
        )
    document = Document(str(tmp_path / "packet.docx"))
    assert document.core_properties.title == TITLE
    assert any(p.text == TITLE for p in document.paragraphs)
    book = load_workbook(io.BytesIO((tmp_path / "packet.xlsx").read_bytes()))
    assert book.worksheets[0]["A1"].value == TITLE and len(book.worksheets) > 1
    html = (tmp_path / "packet.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and f"<title>{TITLE}</title>" in html


def test_the_format_follows_the_file_name_and_the_latest_run_is_used(case, tmp_path: Path, capsys) -> None:
    # given a second calculation: the report shows the newest stored run
    latest = services.business_case_calculate(user=case.initiative.created_by, case=case, seed=4)
    target = tmp_path / "Packet.HTML"
    # when no --format is given
    code, out, _err = run(capsys, str(case.initiative_id), "--as", "riverton-admin", "-o", str(target))
    # then
    assert code == 0 and f"from calculation {latest.pk}" in out
    assert f"Calculation {latest.pk} of" in target.read_text(encoding="utf-8")


def test_another_organisations_initiative_reads_like_a_missing_one(
    case, tenant_b: Tenant, tmp_path, capsys
) -> None:
    target = tmp_path / "x.pdf"
    foreign = run(capsys, str(case.initiative_id), "--as", "millbrook-admin", "-o", str(target))
    missing = run(capsys, "999999", "--as", "millbrook-admin", "-o", str(target))
    assert foreign[0] == missing[0] == 2
    assert foreign[2].replace(str(case.initiative_id), "N") == missing[2].replace("999999", "N")
    assert foreign[2] == f"civicadopt report: millbrook-admin has no initiative {case.initiative_id}\n"
    assert not target.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--as", "nobody"], "there is no active user named 'nobody'"),
        (["--as", "riverton-viewer", "--format", "odt"], "invalid choice: 'odt'"),
        (["--as", "riverton-viewer", "-o", "packet.txt"], "say which format to write with --format"),
        (["-o", "x.pdf"], "the following arguments are required: --as"),
    ],
)
def test_bad_usage_exits_2_with_a_message(case, tmp_path: Path, capsys, argv, message) -> None:
    if "-o" not in argv:
        argv = [*argv, "-o", str(tmp_path / "x.pdf")]
    code, out, err = run(capsys, str(case.initiative_id), *argv)
    assert code == 2 and out == ""
    assert message in err


def test_an_inactive_member_cannot_make_a_report(case, tenant_a: Tenant, tmp_path: Path, capsys) -> None:
    viewer = tenant_a.users["viewer"]
    viewer.is_active = False
    viewer.save()
    code, _out, err = run(
        capsys, str(case.initiative_id), "--as", viewer.username, "-o", str(tmp_path / "x.pdf")
    )
    assert code == 2 and "there is no active user named 'riverton-viewer'" in err


def test_without_a_business_case_or_a_calculation_there_is_no_report(
    tenant_a: Tenant, tmp_path: Path, capsys
) -> None:
    pk, target = str(tenant_a.initiative.pk), str(tmp_path / "x.pdf")
    code, _out, err = run(capsys, pk, "--as", "riverton-viewer", "-o", target)
    assert code == 2 and "has no business case yet" in err
    make_case(tenant_a)
    code, _out, err = run(capsys, pk, "--as", "riverton-viewer", "-o", target)
    assert code == 2 and "has not been calculated yet" in err
    assert not Path(target).exists()


def test_a_file_that_cannot_be_written_exits_2(case, tmp_path: Path, capsys) -> None:
    target = tmp_path / "no-such-folder" / "x.pdf"
    code, _out, err = run(capsys, str(case.initiative_id), "--as", "riverton-viewer", "-o", str(target))
    assert code == 2 and f"cannot write {target}" in err


def test_a_file_is_replaced_whole_and_no_partial_file_is_left(case, tmp_path: Path, capsys) -> None:
    target = tmp_path / "packet.html"
    target.write_text("an older packet")
    assert run(capsys, str(case.initiative_id), "--as", "riverton-viewer", "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["packet.html"]  # no temporary file left behind
