"""``civicadopt import grants FILE``: exit codes, the summary on stdout, the progress bar on stderr."""

import io
from pathlib import Path

import pytest

from civicadopt.cli import main
from civicadopt.cli.imports import ProgressBar
from civicadopt.funding.models import Programme
from civicadopt.funding.tests.fixtures.extracts import FIXTURE, LAUGHS, document, synopsis, zipped

PROBLEM = (
    "  Opportunity 359870 (line 84): CloseDate: “02302026” is not a real date (month 2, day 30, year 2026)"
)


def write(tmp_path: Path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


@pytest.mark.django_db
def test_the_fixture_imports_with_a_summary_and_its_problem_listed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # when
    code = main(["import", "grants", str(FIXTURE)])
    # then
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0].startswith(f"Grants.gov extract {FIXTURE}: 5 records read in ")
    assert out[1:6] == [
        "  Created      3",
        "  Updated      0",
        "  Unchanged    0",
        "  Skipped      1  (forecast 1)",
        "  Not imported 1",
    ]
    assert out[-1] == PROBLEM
    assert Programme.objects.count() == 3


@pytest.mark.django_db
def test_importing_the_zip_again_leaves_everything_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given the fixture as Grants.gov publishes it, imported once
    path = write(
        tmp_path,
        "GrantsDBExtract20260302v2.zip",
        zipped({"GrantsDBExtract20260302v2.xml": FIXTURE.read_bytes()}),
    )
    assert main(["import", "grants", path, "--quiet"]) == 0
    capsys.readouterr()
    # when
    code = main(["import", "grants", path, "--quiet"])
    # then
    out = capsys.readouterr().out
    assert code == 0
    assert "  Created      0\n" in out and "  Unchanged    3\n" in out
    assert Programme.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("laughs.xml", LAUGHS, "The file contains a document type declaration (DTD) on line 2."),
        ("cut.xml", document(synopsis("400001"), synopsis("400002"))[:-30], "it looks cut short"),
        ("two.zip", zipped({"a.xml": b"<Grants/>", "b.xml": b"<Grants/>"}), "holds exactly one XML file"),
        ("bomb.zip", zipped({"x.xml": document(synopsis(Description=" " * 3_000_000))}), "zip bomb"),
        ("slip.zip", zipped({"../x.xml": b"<Grants/>"}), "points outside the archive"),
    ],
)
def test_a_bad_file_exits_2_with_its_reason_and_nothing_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, message: str
) -> None:
    # given
    assert main(["import", "grants", str(FIXTURE), "--quiet"]) == 0
    before = list(Programme.objects.order_by("pk").values())
    capsys.readouterr()
    path = write(tmp_path, name, content)
    # when
    code = main(["import", "grants", path])
    # then
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.startswith(f"civicadopt import: {path}: ")
    assert message in captured.err
    assert captured.out == ""
    assert list(Programme.objects.order_by("pk").values()) == before


@pytest.mark.django_db
def test_a_file_faulty_after_its_first_records_says_nothing_was_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path, "cut.xml", document(synopsis("400001"), synopsis("400002")).removesuffix(b"</Grants>\n")
    )
    assert main(["import", "grants", path]) == 2
    assert (
        "Nothing was imported: the 2 records read before this point were rolled back."
        in capsys.readouterr().err
    )
    assert Programme.objects.count() == 0


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / "GrantsDBExtract20260302v2.zip")
    assert main(["import", "grants", path]) == 2
    assert capsys.readouterr().err == f"civicadopt import: {path}: There is no such file.\n"


@pytest.mark.parametrize("argv", [["import"], ["import", "grants"], ["import", "contracts", "x.xml"]])
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage: civicadopt import" in capsys.readouterr().err


@pytest.mark.django_db
def test_a_database_that_refuses_the_import_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from django.db import OperationalError

    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError("no such table: funding_programme")

    monkeypatch.setattr("civicadopt.funding.grants_import.import_grants", refuse)
    assert main(["import", "grants", str(FIXTURE)]) == 1
    assert "run 'civicadopt manage migrate' first" in capsys.readouterr().err


@pytest.mark.django_db
@pytest.mark.parametrize(("options", "drawn"), [([], True), (["--quiet"], False)])
def test_the_progress_bar_goes_to_a_terminal_unless_quiet(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], options: list[str], drawn: bool
) -> None:
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert main(["import", "grants", str(FIXTURE), *options]) == 0
    err = capsys.readouterr().err
    size = FIXTURE.stat().st_size / 1e6
    last = f"\rImporting [{'#' * 30}] 100%  {size:,.1f} MB of {size:,.1f} MB\n"
    assert err.endswith(last) if drawn else err == ""


def test_the_progress_bar_redraws_at_most_every_interval() -> None:
    # given a clock that moves 0.1 s between calls
    ticks = iter([0.0, 0.1, 0.2, 0.3, 0.4])
    out = io.StringIO()
    bar = ProgressBar(out, width=10, interval=0.25, clock=lambda: next(ticks))
    # when
    for done in (0, 250, 500, 750, 900):
        bar(done * 1000, 1_000_000)
    bar.finish()
    # then: drawn at 0 s and 0.3 s, then the last state on finishing
    assert out.getvalue() == (
        "\rImporting [..........]   0%  0.0 MB of 1.0 MB"
        "\rImporting [########..]  75%  0.8 MB of 1.0 MB"
        "\rImporting [#########.]  90%  0.9 MB of 1.0 MB\n"
    )


def test_an_unknown_total_shows_the_bytes_read() -> None:
    out = io.StringIO()
    bar = ProgressBar(out, clock=lambda: 0.0)
    bar(2_500_000, 0)
    bar.finish()
    assert out.getvalue() == "\rImporting  2.5 MB\rImporting  2.5 MB\n"
