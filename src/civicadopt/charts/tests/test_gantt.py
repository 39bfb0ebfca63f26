"""Gantt chart: bars on the calendar, critical hatching, milestones, today, the axis labels, the table
and edge cases (no rows, one day, 300 rows, all of time, hostile text)."""

import itertools
import time
from datetime import date, datetime, timedelta

import pytest

from civicadopt.charts import svg, theme
from civicadopt.charts.gantt import GAP, INDENT, ROW, gantt
from civicadopt.charts.gantt_model import GanttRow

from .examples import HOSTILE, NS, gantt_example, groups, parsed, texts

DAY = date(2027, 3, 3)


def rects(chart, kind):
    """(x, width, fill) of every rect whose class is ``kind``, top row first."""
    return [
        (float(r.get("x")), float(r.get("width")), r.get("fill"))
        for r in parsed(chart).iter(f"{NS}rect")
        if r.get("class") == kind
    ]


def axis_labels(chart):
    """The time axis labels as {baseline y: [(x, text), ...]} (all are start-anchored)."""
    lines: dict[float, list[tuple[float, str]]] = {}
    for text in groups(chart, "time-axis")[0].iter(f"{NS}text"):
        assert text.get("text-anchor") is None
        lines.setdefault(float(text.get("y")), []).append((float(text.get("x")), text.text))
    return lines


def task(key="1", start=DAY, days=10, **kwargs):
    return GanttRow(key, f"Task {key}", 0, start, start + timedelta(days=days - 1), **kwargs)


def test_table_lists_each_row_with_iso_dates_and_raw_numbers():
    chart = gantt_example()
    assert chart.columns == (
        "ID",
        "Task",
        "Start",
        "Finish",
        "Working days of float",
        "Critical",
        "Baseline finish",
        "% complete",
    )
    assert chart.rows[0] == ("1", "Procurement", "2027-03-03", "2027-06-30", None, "No", None, 0.0)
    assert chart.rows[1] == (
        "1.1",
        "Write the specification for the new permitting system",
        "2027-03-03",
        "2027-04-14",
        0.0,
        "Yes",
        "2027-04-09",
        60.0,
    )
    assert [row[0] for row in chart.rows] == ["1", "1.1", "1.2", "2", "3"]


def test_alt_text_says_how_many_tasks_when_and_how_many_are_critical():
    assert gantt_example().alt == (
        "Gantt chart of 5 tasks from 3 March 2027 to 14 December 2027; critical path: Write the specification "
        "for the new permitting system → Contract signed. Today, 5 May 2027, is marked."
    )
    assert gantt([task()], title="t").alt == (
        "Gantt chart of 1 task from 3 March 2027 to 12 March 2027; no task is marked as on the critical path."
    )


def test_bars_run_from_the_start_to_the_end_of_the_finish_day():
    chart = gantt(
        [task("a", days=10), task("b", days=20), task("c", DAY + timedelta(days=10), days=10)], title="t"
    )
    (a_x, a_width, _), (b_x, b_width, _), (c_x, c_width, _) = rects(chart, "bar")
    assert a_x == pytest.approx(b_x, abs=0.01)
    assert b_width == pytest.approx(2 * a_width, abs=0.02)
    assert c_x == pytest.approx(a_x + a_width, abs=0.02)  # starts the day after a finishes
    assert c_x + c_width == pytest.approx(b_x + b_width, abs=0.02)


def test_tasks_with_identical_dates_get_identical_bars_one_row_apart():
    chart = gantt([task("a"), task("b"), task("c")], title="t")
    assert len({(x, width) for x, width, _ in rects(chart, "bar")}) == 1
    tops = [float(r.get("y")) for r in parsed(chart).iter(f"{NS}rect") if r.get("class") == "bar"]
    assert [b - a for a, b in itertools.pairwise(tops)] == [ROW, ROW]


def test_critical_bars_are_red_and_hatched_and_others_solid_blue():
    chart = gantt([task("a", critical=True), task("b")], title="Critical")
    root = parsed(chart)
    (critical,) = rects(chart, "bar critical")
    (other,) = rects(chart, "bar")
    assert other[2] == "#005ea2"
    pattern_id = critical[2].removeprefix("url(#").removesuffix(")")
    (pattern,) = [p for p in root.iter(f"{NS}pattern") if p.get("id") == pattern_id]
    assert pattern.find(f"{NS}rect").get("fill") == "#b50909"
    assert pattern.find(f"{NS}line").get("stroke") == theme.WHITE  # stripes: differs in greyscale too
    assert pattern.get("patternTransform") == "rotate(45)"
    legend = texts(groups(chart, "legend")[0])
    assert legend == ["Critical path", "Not critical"]


def test_milestones_are_diamonds_in_the_middle_of_their_day():
    chart = gantt([task("a", days=2), GanttRow("m", "Done", 0, DAY, DAY, "milestone")], title="t")
    (bar_x, bar_width, _) = rects(chart, "bar")[0]
    (diamond,) = [p for row in groups(chart, "gantt-row") for p in row.iter(f"{NS}polygon")]
    assert diamond.get("class") == "milestone"
    points = [tuple(float(n) for n in point.split(",")) for point in diamond.get("points").split()]
    assert len(points) == 4
    xs = sorted({round(x, 2) for x, _ in points})
    assert xs[1] == pytest.approx(bar_x + bar_width / 4, abs=0.02)  # middle of the first of two days
    assert "Milestone" in texts(groups(chart, "legend")[0])


def test_summaries_are_brackets_baselines_are_grey_and_progress_is_a_share_of_the_bar():
    chart = gantt_example()
    assert [p.get("class") for row in groups(chart, "gantt-row") for p in row.iter(f"{NS}path")] == [
        "summary"
    ]
    (baseline,) = rects(chart, "baseline")
    assert baseline[2] == "#71767a"
    (critical,) = rects(chart, "bar critical")
    progress = rects(chart, "progress")
    assert progress[0][0] == critical[0] and progress[0][1] == pytest.approx(0.6 * critical[1], abs=0.02)
    assert texts(groups(chart, "legend")[0]) == [
        "Critical path",
        "Not critical",
        "Summary",
        "Milestone",
        "Baseline",
        "Work done",
        "Today",
    ]


def test_names_are_whole_indented_by_level_and_long_ones_wrap_onto_a_taller_row():
    chart = gantt_example()
    rows = groups(chart, "gantt-row")
    label_x = [float(row.findall(f"{NS}text")[1].get("x")) for row in rows]
    assert label_x[1] - label_x[0] == INDENT and label_x[2] == label_x[1] and label_x[3] == label_x[0]
    (_, *wrapped) = texts(rows[1])  # the id, then the name's lines
    assert " ".join(wrapped) == "Write the specification for the new permitting system"
    assert len(wrapped) > 1 and not any(line.endswith("\u2026") for line in wrapped)
    assert [t.get("font-weight") for t in rows[0].findall(f"{NS}text")] == [None, "bold"]  # a phase
    bars = [
        float(r.get("y"))
        for r in parsed(chart).iter(f"{NS}rect")
        if r.get("class") in ("bar", "bar critical")
    ]
    assert bars[1] - bars[0] > ROW  # the wrapped row is taller
    hover = rows[1].find(f"{NS}title").text
    assert "Write the specification for the new permitting system" in hover
    assert hover.endswith("task 3 March 2027 to 14 April 2027, critical")


def test_a_name_of_sixty_characters_is_never_cut_at_twenty_two():
    name = "Requirements workshop with every department head and the clerk"
    chart = gantt([GanttRow("1", name, 0, DAY, DAY + timedelta(days=4))], title="t")
    (row,) = groups(chart, "gantt-row")
    assert " ".join(texts(row)[1:]) == name


@pytest.mark.parametrize(
    ("today", "shown"),
    [
        (date(2027, 2, 28), False),  # the day before the plan (its first baseline starts on 1 March)
        (date(2027, 3, 3), True),  # its first day
        (date(2027, 12, 14), True),  # its last day
        (date(2027, 12, 15), False),  # the day after
        (None, False),
    ],
)
def test_the_today_line_is_drawn_only_within_the_plan(today, shown):
    chart = gantt_example(today=today)
    marked = groups(chart, "today")
    assert bool(marked) is shown
    assert ("Today" in chart.alt) is shown
    assert ("Today" in texts(groups(chart, "legend")[0])) is shown
    if shown:
        assert texts(marked[0]) == [f"Today, {today.day} {today:%B} {today.year}"]


def test_the_today_line_falls_on_its_day():
    chart = gantt([task("a", days=2)], title="t", today=DAY + timedelta(days=1))
    (bar_x, bar_width, _) = rects(chart, "bar")[0]
    line = groups(chart, "today")[0].findall(f"{NS}line")[1]
    assert float(line.get("x1")) == pytest.approx(bar_x + bar_width * 3 / 4, abs=0.02)


PLANS = [1, 2, 5, 16, 21, 30, 70, 77, 100, 200, 400, 800, 1100, 1500, 2500, 4000, 12_000, 40_000]


@pytest.mark.parametrize("days", PLANS)
@pytest.mark.parametrize("start", [DAY, date(2024, 12, 30), date(2031, 1, 1)])
def test_axis_labels_never_overlap_and_stay_inside_the_chart(days, start):
    chart = gantt([task(start=start, days=days)], title="t")
    lines = axis_labels(chart)
    assert 1 <= len(lines) <= 2 and all(lines.values())
    for labels in lines.values():
        labels.sort()
        for (x, label), (next_x, _) in itertools.pairwise(labels):
            assert x + svg.text_width(label) + GAP <= next_x + 0.01, (label, labels)
        last_x, last = labels[-1]
        assert last_x + svg.text_width(last) <= theme.WIDTH - 16


@pytest.mark.parametrize(
    ("days", "labels"),
    [
        (1, ["3"]),
        (5, ["3", "4", "5", "6", "7"]),
        (70, ["8", "15", "22", "29", "5", "12", "19", "26", "3", "10"]),  # weeks from Monday
        (300, ["Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]),
        (730, ["Apr", "Jul", "Oct", "Jan", "Apr", "Jul", "Oct", "Jan"]),  # quarters, by their first month
        (4000, [str(year) for year in range(2027, 2038)]),  # a year's label names all of it: 2027 too
    ],
)
def test_the_axis_unit_is_the_finest_that_fits(days, labels):
    chart = gantt([task(days=days)], title="t")
    *_, main = (sorted(line) for _, line in sorted(axis_labels(chart).items()))
    assert [text for _, text in main][: len(labels)] == labels


def test_a_second_axis_line_names_the_month_or_the_year():
    lines = axis_labels(gantt([task(days=70)], title="t"))
    context = sorted(lines[min(lines)])
    assert [text for _, text in context] == ["Mar 2027", "Apr 2027", "May 2027"]
    lines = axis_labels(gantt([task(days=300)], title="t"))
    assert [text for _, text in sorted(lines[min(lines)])] == ["2027"]


def test_hostile_text_is_escaped_shown_as_text_and_kept_whole_in_the_table():
    row = GanttRow(HOSTILE, HOSTILE, 0, DAY, DAY + timedelta(days=3), critical=True)
    chart = gantt([row], title=HOSTILE)
    assert "<script" not in chart.svg and "<b>" not in chart.svg and "&lt;script&gt;" in chart.svg
    root = parsed(chart)  # fails on an unescaped & or quote
    (drawn,) = groups(chart, "gantt-row")
    assert svg.clean(HOSTILE) in drawn.find(f"{NS}title").text
    key, *name = texts(drawn)
    assert svg.clean(HOSTILE).startswith(key.rstrip("\u2026"))
    assert " ".join(name).replace(" ", "") == svg.clean(HOSTILE).replace(" ", "")  # whole, wrapped
    assert root[0].text == svg.clean(HOSTILE)
    assert chart.rows[0][:2] == (svg.clean(HOSTILE), svg.clean(HOSTILE))


def test_no_rows_make_a_no_data_chart():
    chart = gantt([], title="Plan")
    assert "No data to chart" in texts(parsed(chart)) and chart.rows == () and chart.columns[0] == "ID"


def test_a_single_day_plan_fills_the_axis():
    chart = gantt([task(days=1)], title="t", today=DAY)
    (_, width, _) = rects(chart, "bar")[0]
    assert width > 400 and groups(chart, "today")
    assert chart.alt.startswith("Gantt chart of 1 task on 3 March 2027;")


def test_three_hundred_rows_stay_valid_quick_and_grow_the_chart():
    rows = [
        GanttRow(
            str(i),
            f"Work package {i}",
            i % 4,
            DAY + timedelta(days=i),
            DAY + timedelta(days=i + 30),
            critical=i % 3 == 0,
            baseline_start=DAY + timedelta(days=i),
            baseline_finish=DAY + timedelta(days=i + 25),
            percent_complete=i % 101,
            total_float=i % 7,
        )
        for i in range(300)
    ]
    began = time.perf_counter()
    chart = gantt(rows, title="Big plan", today=DAY + timedelta(days=100))
    assert time.perf_counter() - began < 2
    root = parsed(chart)
    assert len(groups(chart, "gantt-row")) == 300 and len(chart.rows) == 300
    assert float(root.get("viewBox").split()[3]) > 300 * ROW


def test_output_is_deterministic_and_ids_differ_by_content():
    assert gantt_example().svg == gantt_example().svg
    assert parsed(gantt_example()).get("id") != parsed(gantt_example(today=None)).get("id")


@pytest.mark.parametrize(
    "make",
    [
        lambda: GanttRow("1", "x", 0, DAY, DAY - timedelta(days=1)),
        lambda: GanttRow("1", "x", 0, DAY, DAY + timedelta(days=1), "milestone"),
        lambda: GanttRow("1", "x", 0, datetime(2027, 3, 3, 9), DAY),
        lambda: GanttRow("1", "x", 0, "2027-03-03", DAY),
        lambda: GanttRow("1", "x", -1, DAY, DAY),
        lambda: GanttRow("1", "x", 0.5, DAY, DAY),
        lambda: GanttRow("1", "x", 0, DAY, DAY, "phase"),
        lambda: GanttRow("1", "x", 0, DAY, DAY, critical="yes"),
        lambda: GanttRow("1", "x", 0, DAY, DAY, baseline_start=DAY),
        lambda: GanttRow("1", "x", 0, DAY, DAY, baseline_start=DAY, baseline_finish=DAY - timedelta(1)),
        lambda: GanttRow("1", "x", 0, DAY, DAY, percent_complete=101),
        lambda: GanttRow("1", "x", 0, DAY, DAY, percent_complete=float("nan")),
        lambda: GanttRow("1", "x", 0, DAY, DAY, total_float=float("inf")),
        lambda: GanttRow(1, "x", 0, DAY, DAY),
        lambda: gantt([task()], title="t", today=datetime(2027, 3, 3, 9)),
        lambda: gantt(["not a row"], title="t"),
    ],
)
def test_bad_input_is_rejected(make):
    with pytest.raises(ValueError):
        make()


def test_numbers_are_stored_as_floats():
    row = GanttRow("1", "x", 2.0, DAY, DAY, percent_complete=50, total_float=-3)
    assert (row.level, row.percent_complete, row.total_float) == (2, 50.0, -3.0)
