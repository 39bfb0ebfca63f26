"""Gantt chart: dependency arrows (one per link, anchored by link type), the zoom's time scale, and the
chart without its names column that a page sets beside its own task table."""

import re
from datetime import date, timedelta

import pytest

from civicadopt.charts import theme
from civicadopt.charts.gantt import PAGE_HEADER, ROW, gantt
from civicadopt.charts.gantt_links import CRITICAL_LINK, LINK
from civicadopt.charts.gantt_model import GanttLink, GanttRow

from .examples import NS, groups, parsed, texts

DAY = date(2027, 3, 1)  # a Monday


def row(key: str, start: int, days: int, **kwargs) -> GanttRow:
    first = DAY + timedelta(days=start)
    return GanttRow(key, f"Task {key}", 0, first, first + timedelta(days=days - 1), **kwargs)


def bar(chart, index: int) -> tuple[float, float, float]:
    """(start x, end x, middle y) of row ``index``'s bar."""
    rect = next(r for r in groups(chart, "gantt-row")[index].iter(f"{NS}rect") if "bar" in r.get("class", ""))
    x, width, y, height = (float(rect.get(a)) for a in ("x", "width", "y", "height"))
    return x, x + width, y + height / 2


def paths(chart) -> list[tuple[list[tuple[str, float]], str, str]]:
    """Each link as (its path's commands, stroke, class)."""
    found = []
    for link in groups(chart, "links")[0].findall(f"{NS}g"):
        path = link.find(f"{NS}path")
        commands = [(c, float(v)) for c, v in re.findall(r"([MHVL])(-?[\d.]+)", path.get("d"))]
        found.append((commands, path.get("stroke"), link.get("class")))
    return found


def ends(chart, link_index: int) -> tuple[tuple[float, float], tuple[float, float]]:
    d = groups(chart, "links")[0].findall(f"{NS}g")[link_index].find(f"{NS}path").get("d")
    numbers = re.findall(r"([MHV])(-?[\d.]+)(?: (-?[\d.]+))?", d)
    x, y = float(numbers[0][1]), float(numbers[0][2])
    start = (x, y)
    for command, value, _ in numbers[1:]:
        if command == "H":
            x = float(value)
        else:
            y = float(value)
    return start, (x, y)


@pytest.mark.parametrize(
    ("kind", "leaves", "arrives"),
    [("FS", "end", "start"), ("SS", "start", "start"), ("FF", "end", "end"), ("SF", "start", "end")],
)
def test_each_link_type_runs_between_its_own_anchor_points(kind, leaves, arrives):
    chart = gantt([row("a", 0, 5), row("b", 10, 5)], title="t", links=[GanttLink("a", "b", kind)])
    a, b = bar(chart, 0), bar(chart, 1)
    (x0, y0), (x1, y1) = ends(chart, 0)
    assert x0 == pytest.approx(a[0] if leaves == "start" else a[1], abs=0.01) and y0 == pytest.approx(a[2])
    assert x1 == pytest.approx(b[0] if arrives == "start" else b[1], abs=0.01) and y1 == pytest.approx(b[2])
    (head,) = groups(chart, "links")[0].findall(f"{NS}g")[0].findall(f"{NS}polygon")
    tip_x, tip_y = (float(v) for v in head.get("points").split()[0].split(","))
    assert (tip_x, tip_y) == (pytest.approx(x1, abs=0.01), pytest.approx(y1, abs=0.01))


def test_one_arrow_per_link_between_charted_rows_and_critical_links_emphasised():
    rows = [row("a", 0, 5, critical=True), row("b", 5, 5, critical=True), row("c", 0, 3), row("d", 20, 1)]
    links = [
        GanttLink("a", "b", "FS", critical=True),
        GanttLink("c", "b", "FS"),
        GanttLink("c", "d", "SS"),
        GanttLink("x", "d", "FS"),  # a row left out of the chart: no arrow
    ]
    chart = gantt(rows, title="t", links=links)
    drawn = paths(chart)
    assert len(drawn) == 3
    assert [(stroke, kind) for _, stroke, kind in drawn] == [
        (LINK, "link"),
        (LINK, "link"),
        (CRITICAL_LINK, "link critical"),
    ]
    widths = [g.find(f"{NS}path").get("stroke-width") for g in groups(chart, "links")[0].findall(f"{NS}g")]
    assert widths == ["1.25", "1.25", "2"]
    assert "3 dependency arrows link the tasks" in chart.alt
    assert "critical path: Task a → Task b" in chart.alt


def test_a_successor_starting_before_its_predecessor_ends_gets_a_path_around_the_rows():
    chart = gantt([row("a", 0, 10), row("b", 3, 5)], title="t", links=[GanttLink("a", "b", "FS")])
    d = groups(chart, "links")[0].find(f"{NS}g").find(f"{NS}path").get("d")
    verticals = [float(v) for v in re.findall(r"V(-?[\d.]+)", d)]
    b_top = bar(chart, 1)[2] - ROW / 2
    assert verticals[0] == pytest.approx(b_top, abs=0.01)  # along the boundary above the successor's row
    (_, _), (x1, _) = ends(chart, 0)
    assert x1 == pytest.approx(bar(chart, 1)[0], abs=0.01)


def test_bad_links_are_rejected():
    with pytest.raises(ValueError):
        GanttLink("a", "b", "XX")
    with pytest.raises(ValueError):
        GanttLink(1, "b")
    with pytest.raises(ValueError):
        gantt([row("a", 0, 1)], title="t", links=["a->b"])
    with pytest.raises(ValueError):
        gantt([row("a", 0, 1)], title="t", zoom="fortnight")


def axis_texts(chart) -> list[str]:
    return texts(groups(chart, "time-axis")[0])


def test_the_zoom_sets_the_unit_and_a_fixed_width_per_day():
    rows = [row("a", 0, 200), row("b", 100, 200)]
    week, month, quarter = (gantt(rows, title="t", zoom=z) for z in ("week", "month", "quarter"))
    widths = [float(parsed(chart).get("width")) for chart in (week, month, quarter)]
    assert widths[0] > widths[1] > widths[2] >= theme.WIDTH
    assert week.svg != month.svg
    assert "8" in axis_texts(week) and "Mar 2027" in axis_texts(week)  # Mondays, under their month
    assert axis_texts(month)[:3] == ["2027", "Mar", "Apr"]
    assert axis_texts(quarter)[:3] == ["2027", "Apr", "Jul"]  # quarters by their first month
    a_week, a_month = bar(week, 0), bar(month, 0)
    assert (a_week[1] - a_week[0]) == pytest.approx(3 * (a_month[1] - a_month[0]), abs=0.05)
    unzoomed = parsed(gantt(rows, title="t"))
    assert unzoomed.get("width") == "100%" and unzoomed.get("viewBox").split()[2] == str(theme.WIDTH)


def test_without_names_the_rows_start_at_the_page_header_and_the_legend_goes_below():
    for rows in ([row("a", 0, 3)], [row("a", 0, 300, critical=True), row("b", 3, 9)]):
        for today in (None, DAY + timedelta(days=1)):
            chart = gantt(rows, title="t", zoom="month", names=False, today=today)
            tops = [float(r.get("y")) for g in groups(chart, "gantt-row") for r in g.iter(f"{NS}rect")]
            assert min(tops) >= PAGE_HEADER and min(tops) < PAGE_HEADER + ROW
            (first_row,) = groups(chart, "gantt-row")[:1]
            assert [t.text for t in first_row.iter(f"{NS}text")] == []  # no names: the page's table has them
            legend_y = min(float(t.get("y")) for t in groups(chart, "legend")[0].iter(f"{NS}text"))
            assert legend_y > PAGE_HEADER + ROW * len(rows)
            assert "Task a" in groups(chart, "gantt-row")[0].find(f"{NS}title").text


def test_a_span_widens_the_time_axis_so_pages_of_one_plan_share_a_scale():
    first, later = [row("a", 0, 20)], [row("b", 200, 20)]
    span = (DAY, DAY + timedelta(days=219))
    page_one, page_two = (
        gantt(rows, title="t", zoom="month", names=False, span=span) for rows in (first, later)
    )
    assert float(parsed(page_one).get("width")) == float(parsed(page_two).get("width"))
    assert axis_texts(page_one) == axis_texts(page_two)
    alone = gantt(first, title="t", zoom="month", names=False)
    assert (
        bar(alone, 0)[1] - bar(alone, 0)[0] > bar(page_one, 0)[1] - bar(page_one, 0)[0]
    )  # stretched to the page
    with pytest.raises(ValueError):
        gantt(first, title="t", span=("2027-03-01", DAY))
