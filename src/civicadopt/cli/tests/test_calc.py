"""``civicadopt calc appraise``: the CLI contract, answers checked against independent calculations."""

import json
from pathlib import Path

import pytest

from civicadopt.cli import main

HEADER = "option,kind,category,name,year,amount"


def write(tmp_path: Path, text: str, name: str = "lines.csv", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return str(path)


def appraise(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(["calc", "appraise", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_npv_matches_microsofts_worked_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Microsoft Excel NPV example: 10%, -10,000 after a year, then 3,000, 4,200, 6,800 -> 1,188.44.
    path = write(tmp_path, f"{HEADER}\nA,cost,capital,Outlay,1,10000\nA,benefit,revenue,R,2,3000\n"
                           "A,benefit,revenue,R,3,4200\nA,benefit,revenue,R,4,6800\n")  # fmt: skip
    (option,) = appraise(capsys, path, "--rate", "0.10")["options"]
    assert option["npv"] == 1188.44
    assert option["preferred"] is True
    assert option["payback_years"] == round(3 + 2800 / 6800, 4)


def test_green_book_schedule_beyond_30_years_matches_an_independent_calculation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given: 1,000,000 now and 50,000 of benefit a year for 60 years (a long-lived asset)
    rows = ["Asset,cost,capital,Build,0,1000000"] + [
        f"Asset,benefit,avoided_costs,Avoided,{t},50000" for t in range(1, 61)
    ]
    path = write(tmp_path, "\n".join([HEADER, *rows]) + "\n")
    # when
    report = appraise(capsys, path, "--schedule", "green-book")
    # then: 3.5% for years 1-30, 3.0% for years 31-60 (Green Book Table 8), computed independently
    factor, pv = 1.0, 0.0
    for year in range(1, 61):
        factor /= 1.035 if year <= 30 else 1.03
        pv += 50000 * factor
    (option,) = report["options"]
    assert option["pv_benefits"] == pytest.approx(pv, abs=0.01)
    assert option["npv"] == pytest.approx(pv - 1_000_000, abs=0.01)
    assert report["discounting"]["schedule"] == "green-book"
    assert report["horizon_years"] == 60


def test_flows_with_no_irr_report_null_and_the_highest_npv_is_preferred(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        f"{HEADER}\nBusiness as usual,cost,legacy_maintenance,Support,1,100\nBusiness as usual,cost,legacy_maintenance,Support,2,100\n"
        "New,cost,capital,Build,0,150\nNew,cost,licences,Licences,1,20\nNew,cost,licences,Licences,2,20\n",
    )
    options = {row["option"]: row for row in appraise(capsys, path, "--rate", "0")["options"]}
    assert options["Business as usual"]["irr"] is None and options["New"]["irr"] is None
    assert options["Business as usual"]["payback_years"] is None
    assert options["Business as usual"]["bcr"] == 0.0
    assert (options["Business as usual"]["npv"], options["New"]["npv"]) == (-200.0, -190.0)
    assert [options["Business as usual"]["preferred"], options["New"]["preferred"]] == [False, True]


def test_excel_exports_with_a_byte_order_mark_or_windows_encoding_are_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = f'{HEADER}\nCafé,cost,capital,Outlay,0,100\nCafé,benefit,revenue,Return,1,"1,210"\n'
    bom = write(tmp_path, "\ufeff" + text, "bom.csv")
    cp1252 = write(tmp_path, text, "cp.csv", encoding="cp1252")
    for path in (bom, cp1252):
        (option,) = appraise(capsys, path, "--rate", "0.1")["options"]
        assert option["option"] == "Café" and option["npv"] == 1000.0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            f"{HEADER}\nA,cost,capital,Build,0,100\nA,cost,capital,Run,1,ten\n",
            "row 3, column 'amount': 'ten' is not a number",
        ),
        (f"{HEADER}\nA,expense,capital,Build,0,100\n", "row 2, column 'kind'"),
        (f"{HEADER}\nA,cost,capital,Build,-1,100\n", "row 2, column 'year'"),
        (f"{HEADER}\nA,cost,capital,Build,1.5,100\n", "row 2, column 'year'"),
        (f"{HEADER}\nA,cost,capital,Build,0,-100\n", "row 2, column 'amount': must be a positive amount"),
        (f"{HEADER}\n,cost,capital,Build,0,100\n", "row 2, column 'option': must not be empty"),
        (
            f"{HEADER},low,high\nA,cost,capital,Build,0,100,120,150\n",
            "row 2, column 'amount': must lie between low and high",
        ),
        (f"{HEADER},low\nA,cost,capital,Build,0,100,90\n", "row 2, column 'high': give both low and high"),
        (
            f"{HEADER},ammount\nA,cost,capital,Build,0,100,1\n",
            "row 1 (the header), column 'ammount': unknown column",
        ),
        (
            "option,kind,name,year,amount\nA,cost,Build,0,100\n",
            "row 1 (the header), column 'category': this column is required",
        ),
        (f"{HEADER}\n", "the file has a header but no lines"),
        ("", "the file is empty"),
        (f"{HEADER}\nA,cost,capital,Build,0,1e400\n", "must be a positive amount"),
        (f"{HEADER}\nA,cost,capital,Build,0,NaN\n", "must be a positive amount"),
        (f"{HEADER}\nA,cost,capital,Build,0,100,extra\n", "row 2: 7 cells"),
    ],
)
def test_bad_input_exits_2_naming_the_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, message: str
) -> None:
    path = write(tmp_path, body)
    assert main(["calc", "appraise", path, "--json"]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""


def test_every_bad_row_is_reported_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, f"{HEADER}\nA,cost,capital,Build,0,x\nA,cost,capital,Build,y,1\n")
    assert main(["calc", "appraise", path]) == 2
    err = capsys.readouterr().err
    assert "row 2, column 'amount'" in err and "row 3, column 'year'" in err


@pytest.mark.parametrize(
    "argv",
    [["--rate", "abc"], ["--rate", "5"], ["--rate", "0.03", "--schedule", "green-book"], ["--simulate", "0"],
     ["--simulate", "10", "--seed", "-1"], ["--schedule", "omb"]],
)  # fmt: skip
def test_bad_options_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    path = write(tmp_path, f"{HEADER}\nA,cost,capital,Build,0,100\n")
    assert main(["calc", "appraise", path, *argv]) == 2


def test_a_missing_or_binary_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calc", "appraise", str(tmp_path / "nope.csv")]) == 2
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\x81\x8d\x8f\x90\x9d")
    assert main(["calc", "appraise", str(binary)]) == 2
    assert "not a text file" in capsys.readouterr().err


def test_the_table_output_names_the_method_and_marks_the_preferred_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, f"{HEADER}\nA,cost,capital,Build,0,100\nA,benefit,revenue,R,1,150\n")
    assert main(["calc", "appraise", path]) == 0
    out = capsys.readouterr().out
    assert "green-book" in out and "A *" in out and "preferred" in out


def test_options_are_also_compared_with_business_as_usual(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given: carrying on costs 100 a year; the new system costs 150 now and 20 a year
    path = write(
        tmp_path,
        f"{HEADER}\nBusiness as usual,cost,legacy_maintenance,Support,1,100\nBusiness as usual,cost,legacy_maintenance,Support,2,100\n"
        "New,cost,capital,Build,0,150\nNew,cost,licences,Licences,1,20\nNew,cost,licences,Licences,2,20\n",
    )
    # when
    options = {row["option"]: row for row in appraise(capsys, path, "--rate", "0.1")["options"]}
    # then: the difference is -150 now and +80 a year: NPV = -150 + 80/1.1 + 80/1.21
    incremental = options["New"]["incremental"]
    assert incremental["baseline"] == "Business as usual"
    assert incremental["npv"] == round(-150 + 80 / 1.1 + 80 / 1.21, 2)
    assert incremental["payback_years"] == round(1 + 70 / 80, 4)
    assert "incremental" not in options["Business as usual"]
    assert main(["calc", "appraise", path, "--baseline", "Nope"]) == 2


def test_simulation_adds_percentiles_and_is_reproducible_with_a_seed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        f"{HEADER},low,high\nA,cost,capital,Build,0,1000,800,1600\nA,benefit,avoided_costs,Servers,1,1200,900,1300\n",
    )
    first = appraise(capsys, path, "--rate", "0.05", "--simulate", "5000", "--seed", "11")
    second = appraise(capsys, path, "--rate", "0.05", "--simulate", "5000", "--seed", "11")
    (option,) = first["options"]
    assert first == second
    assert option["npv_p10"] <= option["npv_p50"] <= option["npv_p90"]
    assert 0 <= option["prob_npv_positive"] <= 1
    assert first["simulation"] == {"iterations": 5000, "seed": 11, "method_version": "mc-npv/2"}
