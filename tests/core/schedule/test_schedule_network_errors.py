"""Refusing bad networks: loops named by their tasks, and a specific message for every other mistake, in the
core (``Network``), the predecessor notation and the task table."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from schedule_oracle import has_cycle

from civicadopt_core.schedule import (
    CycleError,
    Estimate,
    Link,
    LinkType,
    Network,
    Predecessor,
    ScheduleError,
    Task,
    format_predecessor,
    parse_predecessors,
)
from civicadopt_core.schedule.table import TaskTableError, network_from_csv

HEADER = "id,name,duration,predecessors"


def assert_real_loop(cycle: tuple[str, ...], network_links: set[tuple[str, str]]) -> None:
    assert len(cycle) >= 3 and cycle[0] == cycle[-1]
    assert len(set(cycle[:-1])) == len(cycle) - 1  # each task once
    for pred, succ in itertools.pairwise(cycle):
        assert (pred, succ) in network_links, (pred, succ)


@given(
    count=st.integers(2, 9),
    pairs=st.lists(
        st.tuples(st.integers(0, 8), st.integers(0, 8)).filter(lambda p: p[0] != p[1]), unique=True
    ),
)
def test_a_network_is_refused_exactly_when_it_has_a_loop_and_the_loop_named_is_real(
    count: int, pairs: list[tuple[int, int]]
) -> None:
    ids = [str(i) for i in range(count)]
    edges = [(str(i), str(j)) for i, j in pairs if i < count and j < count]
    tasks = [Task(t, duration=1) for t in ids]
    if has_cycle(ids, edges):
        with pytest.raises(CycleError) as error:
            Network.build(tasks, [Link(p, s) for p, s in edges])
        assert_real_loop(error.value.cycle, set(edges))
        assert error.value.task == error.value.cycle[0]
        assert " → ".join(error.value.cycle) in str(error.value)
    else:
        Network.build(tasks, [Link(p, s) for p, s in edges])


def test_a_loop_through_a_phase_is_named_by_its_tasks() -> None:
    # d precedes phase P, and a (inside P) precedes d: a loop between a and d.
    tasks = [
        Task("d", duration=1),
        Task("P"),
        Task("a", duration=1, parent="P"),
        Task("b", duration=1, parent="P"),
    ]
    with pytest.raises(CycleError) as error:
        Network.build(tasks, [Link("d", "P"), Link("a", "d")])
    assert set(error.value.cycle) == {"a", "d"}
    assert_real_loop(error.value.cycle, {("d", "a"), ("d", "b"), ("a", "d")})


def test_tasks_downstream_of_a_loop_are_not_named_in_it() -> None:
    tasks = [Task(t, duration=1) for t in "abcxy"]
    links = [Link("x", "a"), Link("a", "b"), Link("b", "c"), Link("c", "a"), Link("c", "y")]
    with pytest.raises(CycleError) as error:
        Network.build(tasks, links)
    assert set(error.value.cycle) == {"a", "b", "c"}
    assert_real_loop(error.value.cycle, {("a", "b"), ("b", "c"), ("c", "a")})


@pytest.mark.parametrize(
    ("tasks", "links", "message", "task"),
    [
        ([Task("a")], [Link("zz", "a")], "Task a: predecessor zz does not exist.", "a"),
        ([Task("a")], [Link("a", "zz")], "A link points to task zz, which does not exist.", "zz"),
        ([Task("a"), Task("a")], [], "Task a appears twice.", "a"),
        ([Task("a")], [Link("a", "a")], "Task a cannot depend on itself.", "a"),
        (
            [Task("P"), Task("a", parent="P")],
            [Link("P", "a")],
            "Task a: a phase cannot be linked to a task inside it (link P → a).",
            "a",
        ),
        (
            [Task("P"), Task("Q", parent="P"), Task("a", parent="Q")],
            [Link("a", "P")],
            "Task P: a phase cannot be linked to a task inside it (link a → P).",
            "P",
        ),
        ([Task("a", parent="Z")], [], "Task a: its phase Z does not exist.", "a"),
        ([Task("P", parent="Q"), Task("Q", parent="P")], [], "phases are nested in a loop", None),
        (
            [Task("a"), Task("b")],
            [Link("a", "b"), Link("a", "b", "SS")],
            "Task b is linked to task a twice in different ways.",
            "b",
        ),
    ],
)
def test_each_network_mistake_has_its_own_message(
    tasks: list[Task], links: list[Link], message: str, task: str | None
) -> None:
    with pytest.raises(ScheduleError) as error:
        Network.build(tasks, links)
    assert message in str(error.value)
    if task is not None:
        assert error.value.task == task


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"duration": -1}, "Task t: the duration cannot be negative."),
        ({"duration": float("nan")}, "Task t: the duration must be a finite number."),
        ({"duration": "three"}, "Task t: the duration must be a number."),
        ({"progress": 1.5}, "Task t: progress must be between 0 and 100%."),
        ({"cost": -5}, "Task t: the cost cannot be negative."),
        ({"cost_per_day": -5}, "Task t: the cost per day cannot be negative."),
        ({"not_before": float("inf")}, "Task t: not before must be a finite number."),
        ({"estimate": Estimate(-1, 2, 3)}, "Task t: the optimistic duration cannot be negative."),
        ({"duration": 2, "milestone": True}, "Task t: a milestone takes no time (duration 0)."),
    ],
)
def test_each_task_mistake_names_the_task(fields: dict, message: str) -> None:
    with pytest.raises(ScheduleError) as error:
        Task("t", **fields)
    assert str(error.value) == message
    assert error.value.task == "t"


def test_an_unknown_link_type_names_the_successor() -> None:
    with pytest.raises(ScheduleError, match="Task b: unknown link type 'XX'") as error:
        Link("a", "b", "XX")
    assert error.value.task == "b"


def test_estimates_must_be_in_order() -> None:
    with pytest.raises(ValueError, match="low ≤ most likely ≤ high"):
        Estimate(5, 4, 6)


def test_the_same_link_to_a_phase_and_to_a_task_inside_it_is_accepted() -> None:
    tasks = [Task("a", duration=2), Task("P"), Task("b", duration=3, parent="P")]
    network = Network.build(tasks, [Link("a", "P"), Link("a", "b")])  # raises ScheduleError today
    assert network.order == ["a", "b"]


# Microsoft Project predecessor notation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", [Predecessor("3")]),
        ("3FS+2", [Predecessor("3", LinkType.FS, 2)]),
        ("4SS", [Predecessor("4", LinkType.SS)]),
        ("5FF-1", [Predecessor("5", LinkType.FF, -1)]),
        ("2SF", [Predecessor("2", LinkType.SF)]),
        ("7FS+1.5", [Predecessor("7", LinkType.FS, 1.5)]),
        ("3fs+2d", [Predecessor("3", LinkType.FS, 2)]),
        (" 3 FS + 2 days ", [Predecessor("3", LinkType.FS, 2)]),
        ("3;4SS;5FF-1", [Predecessor("3"), Predecessor("4", LinkType.SS), Predecessor("5", LinkType.FF, -1)]),
        ("3,4", [Predecessor("3"), Predecessor("4")]),
        ("", []),
        (" ; ", []),
    ],
)
def test_predecessor_notation_known_answers(text: str, expected: list[Predecessor]) -> None:
    assert parse_predecessors(text) == expected


@pytest.mark.parametrize("text", ["3FS+", "3 weeks", "3FS+2w", "3FS+50%", "3FS+2ed", "3 4", "3FS++2"])
def test_bad_notation_names_the_item_and_shows_examples(text: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_predecessors(f"1;{text}")
    assert f"'{text.strip()}' is not a predecessor" in str(error.value)
    assert "3FS+2" in str(error.value)


def test_a_predecessor_listed_twice_is_refused() -> None:
    with pytest.raises(ValueError, match=r"Task 3 is listed more than once as a predecessor\."):
        parse_predecessors("3;3SS")


@given(
    task_id=st.integers(1, 10**6).map(str),
    kind=st.sampled_from(list(LinkType)),
    lag=st.integers(-2000, 2000).map(lambda n: n / 4),
)
def test_formatting_then_parsing_gives_the_same_link(task_id: str, kind: LinkType, lag: float) -> None:
    text = format_predecessor(task_id, kind, lag)
    assert parse_predecessors(text) == [Predecessor(task_id, kind, lag)]
    if kind is LinkType.FS and not lag:
        assert text == task_id  # as Microsoft Project writes it


@pytest.mark.parametrize("task_id", ["Access", "Staff", "T-1"])
def test_a_task_id_that_ends_like_a_link_type_is_read_whole_in_a_task_table(task_id: str) -> None:
    network = network_from_csv(f"{HEADER}\n{task_id},First,2,\nR,Report,3,{task_id}\n")
    assert [(link.predecessor, link.type, link.lag) for link in network.links] == [(task_id, LinkType.FS, 0)]


# The task table (CSV)


def table_error(body: str) -> str:
    with pytest.raises(TaskTableError) as error:
        network_from_csv(body)
    return str(error.value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (f"{HEADER}\n1,A,-2,\n", "row 2, column 'duration': task 1: a duration cannot be negative"),
        (
            f"{HEADER}\n1,A,2,\n2,B,3,9\n",
            "row 3, column 'predecessors': task 2: predecessor 9 does not exist",
        ),
        (f"{HEADER}\n1,A,2,\n1,B,3,\n", "row 3, column 'id': task 1 already appears in row 2"),
        (f"{HEADER}\n1,A,2,1\n", "row 2, column 'predecessors': Task 1 cannot depend on itself."),
        (f"{HEADER}\n1,A,2,\n2,B,3,1XX\n", "task 2: predecessor 1XX does not exist"),
        (
            f"{HEADER}\n1,A,2,\n2,B,3,1FS+\n",
            "row 3, column 'predecessors': task 2: '1FS+' is not a predecessor",
        ),
        (
            f"{HEADER}\n1,A,3 weeks,\n",
            "row 2, column 'duration': task 1: '3 weeks' is not a number of working days",
        ),
        (f"{HEADER}\n1,A,,\n", "row 2, column 'duration': task 1: the duration is missing"),
        (f"{HEADER}\n,A,2,\n", "row 2, column 'id': every task needs an id"),
        ("id,name,duration\n1,A,2\n", "row 1 (the header), column 'predecessors': this column is missing"),
        (
            f"{HEADER},optimistic\n1,A,2,,1\n",
            "column 'most_likely': give all three estimate columns, or none",
        ),
        (
            f"{HEADER},optimistic,most_likely,pessimistic\n1,A,2,,3,2,4\n",
            "row 2, column 'most_likely': task 1: estimates must be optimistic ≤ most likely ≤ pessimistic",
        ),
        (
            f"{HEADER},optimistic,most_likely,pessimistic\n1,A,2,,1,,4\n",
            "row 2, column 'pessimistic': task 1: give all three estimates or none",
        ),
        ("", "the file is empty"),
    ],
)
def test_each_table_mistake_names_the_row_column_and_task(body: str, message: str) -> None:
    assert message in table_error(body)


def test_a_loop_in_the_table_names_its_tasks_on_the_row_of_the_first() -> None:
    message = table_error(f"{HEADER}\n1,A,2,3\n2,B,3,1\n3,C,1,2\n")
    assert "The dependencies form a loop: 2 → 3 → 1 → 2." in message
    assert message.startswith("row 3, column 'predecessors'")


def test_every_bad_row_is_reported_at_once() -> None:
    message = table_error(f"{HEADER}\n1,A,-2,\n2,B,3,9\n3,C,x,\n")
    assert "row 2, column 'duration'" in message
    assert "row 3, column 'predecessors'" in message
    assert "row 4, column 'duration'" in message


def test_a_table_reads_units_estimates_and_links() -> None:
    network = network_from_csv(
        f"{HEADER},optimistic,most_likely,pessimistic\n"
        "1,Design,5 days,,4,5,8\n2,Build,10d,1FS+2,,,\n3,Test,4,2SS+3;1,3,4,6\n"
    )
    assert [(t.id, t.name, t.duration, t.estimate) for t in network.tasks.values()] == [
        ("1", "Design", 5, Estimate(4, 5, 8)),
        ("2", "Build", 10, None),
        ("3", "Test", 4, Estimate(3, 4, 6)),
    ]
    assert network.links == (
        Link("1", "2", LinkType.FS, 2),
        Link("2", "3", LinkType.SS, 3),
        Link("1", "3"),
    )
