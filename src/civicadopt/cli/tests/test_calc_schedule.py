"""``civicadopt calc schedule``: the CLI contract, answers checked against a textbook and an independent
calculation (constraint relaxation, no topological sort) on generated task tables."""

import json
from pathlib import Path

import numpy as np
import pytest

from civicadopt.cli import main

HEADER = "id,name,duration,predecessors"
ESTIMATES = "optimistic,most_likely,pessimistic"
# Heizer, Render and Munson, "Operations Management" (12th ed.), ch. 3: Milwaukee Paper Manufacturing,
# weeks; critical path A-C-E-G-H of 15, slack B 1, D 1, F 6. Three-time estimates give the same expected
# times by (a + 4m + b) / 6.
MILWAUKEE = (
    f"{HEADER},{ESTIMATES}\n"
    "A,Build internal components,2,,1,2,3\n"
    "B,Modify roof and floor,3,,2,3,4\n"
    "C,Construct collection stack,2,A,1,2,3\n"
    "D,Pour concrete and install frame,4,A;B,2,4,6\n"
    "E,Build high-temperature burner,4,C,1,4,7\n"
    "F,Install pollution control system,3,C,1,2,9\n"
    "G,Install air pollution device,5,D;E,3,4,11\n"
    "H,Inspect and test,2,F;G,1,2,3\n"
)


def write(tmp_path: Path, text: str, name: str = "plan.csv", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(["calc", "schedule", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["calc", "schedule", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def test_the_textbook_network_gives_the_published_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = run(capsys, write(tmp_path, MILWAUKEE))
    assert report["duration"] == 15
    assert report["critical_path"] == ["A", "C", "E", "G", "H"]
    rows = {t["id"]: t for t in report["tasks"]}
    assert list(rows) == list("ABCDEFGH")
    assert rows["B"] == {"id": "B", "es": 0, "ef": 3, "ls": 1, "lf": 4, "total_float": 1, "free_float": 0}
    assert rows["F"] == {"id": "F", "es": 4, "ef": 7, "ls": 10, "lf": 13, "total_float": 6, "free_float": 6}
    assert {t: r["total_float"] for t, r in rows.items()} == dict(
        zip("ABCDEFGH", [0, 1, 0, 1, 0, 6, 0, 0], strict=True)
    )
    assert "p50" not in report  # no simulation unless asked


def test_link_types_and_lags_in_microsoft_project_notation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The hand-worked network of the core tests: A 0-10, B 2-8 (A SS+2), C 5-9 (A FF-1), D 7-10 (B SF+5 and
    # C FS-2), milestone E at 11 (D, B FS+3); whole numbers print without ".0".
    body = f"{HEADER}\nA,,10,\nB,,6,ASS+2\nC,,4,AFF-1\nD,,3,BSF+5;CFS-2\nE,,0,D;BFS+3\n"
    report = run(capsys, write(tmp_path, body))
    assert report["duration"] == 11
    assert report["critical_path"] == ["A", "B", "E"]
    assert [(t["id"], t["es"], t["ef"], t["total_float"], t["free_float"]) for t in report["tasks"]] == [
        ("A", 0, 10, 0, 0),
        ("B", 2, 8, 0, 0),
        ("C", 5, 9, 1, 0),
        ("D", 7, 10, 1, 1),
        ("E", 11, 11, 0, 0),
    ]
    half = run(capsys, write(tmp_path, f"{HEADER}\n1,,2.5,\n2,,1,1FS+0.5\n", "half.csv"))
    assert (half["duration"], half["tasks"][1]["es"]) == (4, 3)


def test_the_simulation_reports_percentiles_and_criticality(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, MILWAUKEE)
    report = run(capsys, path, "--simulate", "20000", "--seed", "3")
    assert report["duration"] == 15
    assert 15 < report["p50"] <= report["p80"] <= report["p90"] < 22  # merge bias: P50 past the plan
    assert set(report["criticality"]) == set("ABCDEFGH")
    assert report["criticality"]["H"] == 1.0 and report["criticality"]["F"] < 0.02
    assert report["simulation"] == {
        "iterations": 20000,
        "seed": 3,
        "distribution": "pert",
        "method_version": "schedule-mc/1",
    }
    assert run(capsys, path, "--simulate", "20000", "--seed", "3") == report  # reproducible
    other = run(capsys, path, "--simulate", "20000", "--seed", "4")
    assert other["p80"] != report["p80"]
    triangular = run(capsys, path, "--simulate", "20000", "--seed", "3", "--distribution", "triangular")
    assert triangular["p80"] > report["p80"]  # fatter tails than the PERT


def test_without_estimates_the_simulation_is_the_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = run(capsys, write(tmp_path, f"{HEADER}\n1,A,3,\n2,B,4,1\n3,C,1,1\n"), "--simulate", "50")
    assert report["p50"] == report["p80"] == report["p90"] == report["duration"] == 7
    assert report["criticality"] == {"1": 1.0, "2": 1.0, "3": 0.0}


def test_the_table_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, MILWAUKEE)
    assert main(["calc", "schedule", path, "--simulate", "1000"]) == 0
    out = capsys.readouterr().out
    assert "Project duration: 15 working days" in out
    assert "Critical path: A → C → E → G → H" in out
    assert "Total float" in out and "Free float" in out
    assert "Simulation (1,000 iterations, seed 1, pert): P50" in out
    assert "Criticality index: H 100%" in out


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            f"{HEADER}\n1,A,2,\n2,B,3,9\n",
            "row 3, column 'predecessors': task 2: predecessor 9 does not exist",
        ),
        (f"{HEADER}\n1,A,2,3\n2,B,3,1\n3,C,1,2\n", "The dependencies form a loop: 2 → 3 → 1 → 2."),
        (f"{HEADER}\n1,A,-2,\n", "row 2, column 'duration': task 1: a duration cannot be negative"),
        (f"{HEADER}\n1,A,2,1\n", "Task 1 cannot depend on itself."),
        (f"{HEADER}\n1,A,2,\n1,B,3,\n", "row 3, column 'id': task 1 already appears in row 2"),
        (f"{HEADER}\n1,A,2,\n2,B,3,1XX\n", "task 2: predecessor 1XX does not exist"),
        (f"{HEADER}\n1,A,2,\n2,B,3,1FS+\n", "task 2: '1FS+' is not a predecessor"),
        (f"{HEADER}\n1,A,3 weeks,\n", "task 1: '3 weeks' is not a number of working days"),
        (
            f"{HEADER},{ESTIMATES}\n1,A,2,,3,2,4\n",
            "task 1: estimates must be optimistic ≤ most likely ≤ pessimistic",
        ),
        ("id,name,duration\n1,A,2\n", "column 'predecessors': this column is missing"),
    ],
)
def test_bad_input_exits_2_naming_the_task(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, message: str
) -> None:
    assert message in refused(capsys, write(tmp_path, body), "--json")


@pytest.mark.parametrize(
    "argv", [["--simulate", "0"], ["--simulate", "ten"], ["--seed", "-1"], ["--distribution", "normal"]]
)
def test_bad_options_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert main(["calc", "schedule", write(tmp_path, MILWAUKEE), *argv]) == 2


def test_more_iterations_than_the_simulation_allows_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "200,000" in refused(capsys, write(tmp_path, MILWAUKEE), "--simulate", "300000")


def test_a_missing_or_binary_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "no such file" in refused(capsys, str(tmp_path / "nope.csv"))
    binary = tmp_path / "plan.xlsx"
    binary.write_bytes(b"PK\x03\x04\x00\xff\xfe\x00" * 10)
    assert main(["calc", "schedule", str(binary)]) == 2


def test_excel_exports_with_a_byte_order_mark_or_windows_encoding_are_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = f"{HEADER}\n1,Café opening,2,\n2,Réception,3,1\n"
    for path in (
        write(tmp_path, "\ufeff" + text, "bom.csv"),
        write(tmp_path, text, "cp.csv", encoding="cp1252"),
    ):
        assert run(capsys, path)["duration"] == 5


# An independent check on generated task tables.


def relaxed_dates(durations: dict[str, float], links: list[tuple[str, str, str, float]]) -> dict[str, tuple]:
    """ES, EF, LS, LF by relaxing 'point(successor) >= point(predecessor) + lag' to a fixed point."""

    def at(task: str, point: str) -> float:
        return durations[task] if point == "F" else 0.0

    es = dict.fromkeys(durations, 0.0)
    for _ in range(len(durations) + 1):
        changed = False
        for pred, succ, kind, lag in links:
            need = es[pred] + at(pred, kind[0]) + lag - at(succ, kind[1])
            if need > es[succ]:
                es[succ], changed = need, True
        if not changed:
            break
    finish = max(es[t] + d for t, d in durations.items())
    lf = dict.fromkeys(durations, finish)
    for _ in range(len(durations) + 1):
        changed = False
        for pred, succ, kind, lag in links:
            bound = lf[succ] - durations[succ] + at(succ, kind[1]) - lag - at(pred, kind[0]) + durations[pred]
            if bound < lf[pred]:
                lf[pred], changed = bound, True
        if not changed:
            break
    return {t: (es[t], es[t] + d, lf[t] - d, lf[t]) for t, d in durations.items()}


@pytest.mark.parametrize("seed", range(6))
def test_generated_tables_match_an_independent_calculation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seed: int
) -> None:
    rng = np.random.default_rng(seed)
    count = 25
    durations = {str(i): float(rng.integers(0, 41)) / 2 for i in range(1, count + 1)}
    links: list[tuple[str, str, str, float]] = []
    rows = []
    for j in range(1, count + 1):
        notation = []
        for i in sorted(rng.choice(np.arange(1, j), size=min(j - 1, int(rng.integers(0, 4))), replace=False)):
            kind, lag = str(rng.choice(["FS", "SS", "FF", "SF"])), float(rng.integers(-10, 11)) / 2
            links.append((str(i), str(j), kind, lag))
            notation.append(
                f"{i}{kind}{'+' if lag >= 0 else '-'}{abs(lag):g}" if lag or kind != "FS" else str(i)
            )
        rows.append(f"{j},Task {j},{durations[str(j)]:g},{';'.join(notation)}")
    order = rng.permutation(len(rows))  # rows out of dependency order
    report = run(capsys, write(tmp_path, "\n".join([HEADER, *(rows[k] for k in order)]) + "\n"))
    expected = relaxed_dates(durations, links)
    assert report["duration"] == max(ef for _, ef, _, _ in expected.values())
    for task in report["tasks"]:
        es, ef, ls, lf = expected[task["id"]]
        assert (task["es"], task["ef"], task["ls"], task["lf"], task["total_float"]) == (
            es,
            ef,
            ls,
            lf,
            ls - es,
        )
    assert set(report["critical_path"]) == {t for t, (es, _, ls, _) in expected.items() if ls == es}
    starts = [expected[t][0] for t in report["critical_path"]]
    assert starts == sorted(starts)
