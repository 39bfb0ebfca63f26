"""The critical path method against an independent oracle on random networks, then properties of CPM.

The oracle (``schedule_oracle``) relaxes every precedence constraint to a fixed point, with no topological
sort; each property below says why it holds, because with SS, FF and SF links several "obvious" ones do
not (see ``test_a_reverse_critical_task_shortens_the_project_when_it_gets_longer``).
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from schedule_oracle import Plan, dates, durations, early_starts, lags, plans, project_finish, shuffled

from civicadopt_core.schedule import Link, Network, Task, schedule
from civicadopt_core.schedule.cpm import passes


def assert_matches_oracle(plan: Plan, order: list[str]) -> None:
    result = schedule(plan.network(order))
    expected = dates(plan)
    assert result.duration == expected.finish
    for task_id, times in result.tasks.items():
        assert (times.es, times.ef, times.ls, times.lf) == (
            expected.es[task_id],
            expected.ef[task_id],
            expected.ls[task_id],
            expected.lf[task_id],
        ), task_id
        assert times.total_float == expected.total_float[task_id], task_id
        assert times.free_float == expected.free_float[task_id], task_id
        assert times.critical == (expected.total_float[task_id] <= 0), task_id


@settings(max_examples=300)
@given(data=st.data(), plan=plans())
def test_dates_and_floats_match_the_oracle_on_random_networks(data: st.DataObject, plan: Plan) -> None:
    # given a random acyclic network with all four link types, lags of -5 to 5 and durations 0 to 20,
    # its tasks listed in a random order; then every date and float equals the oracle's
    assert_matches_oracle(plan, data.draw(shuffled(plan)))


@settings(max_examples=150)
@given(
    data=st.data(),
    plan=plans(max_tasks=8),
    not_before=st.dictionaries(st.sampled_from([f"T{i}" for i in range(8)]), durations, max_size=3),
    finish_by=st.dictionaries(st.sampled_from([f"T{i}" for i in range(8)]), durations, max_size=3),
)
def test_date_constraints_match_the_oracle(
    data: st.DataObject, plan: Plan, not_before: dict[str, float], finish_by: dict[str, float]
) -> None:
    # given start-no-earlier-than and finish-no-later-than dates (the latter may force negative float)
    constrained = Plan(
        plan.durations,
        plan.links,
        {k: v for k, v in not_before.items() if k in plan.durations},
        {k: v for k, v in finish_by.items() if k in plan.durations},
    )
    assert_matches_oracle(constrained, data.draw(shuffled(constrained)))


@settings(max_examples=100)
@given(plan=plans(max_tasks=7))
def test_total_and_free_float_mean_what_they_say(plan: Plan) -> None:
    # Total float: the most a task's start can be pushed back without moving the project finish; free
    # float: the most it can be pushed back without moving any other task or the finish. Checked by
    # re-running the oracle's forward pass with the task held back, not by any formula.
    result = schedule(plan.network())
    finish = project_finish(plan)
    early = dates(plan).es
    for task_id, times in result.tasks.items():
        held = {task_id: times.es + times.total_float}
        assert project_finish(plan, held) == finish
        assert project_finish(plan, {task_id: held[task_id] + 0.5}) > finish
        moved = early_starts(plan, {task_id: times.es + times.free_float})
        assert {k: v for k, v in moved.items() if k != task_id} == {
            k: v for k, v in early.items() if k != task_id
        }
        assert project_finish(plan, {task_id: times.es + times.free_float}) == finish
        later = {task_id: times.es + times.free_float + 0.5}
        pushed = early_starts(plan, later)
        assert project_finish(plan, later) > finish or any(
            pushed[k] != early[k] for k in early if k != task_id
        )


@given(plan=plans())
def test_floats_are_ordered_and_the_critical_path_has_none(plan: Plan) -> None:
    # Without date constraints the early dates are a feasible plan ending at the project finish, so the
    # latest dates can be no earlier: total float >= 0; free float >= 0 because the forward pass meets
    # every link; and a task's successors start no earlier than allowed, so free <= total.
    result = schedule(plan.network())
    for times in result.tasks.values():
        assert times.total_float >= times.free_float >= 0
    # the task that finishes last has nothing after it: the critical path is never empty
    assert result.critical_path
    assert all(result.tasks[t].total_float == 0 for t in result.critical_path)
    assert set(result.critical_path) == {t for t, times in result.tasks.items() if times.total_float == 0}
    assert result.duration == max(times.ef for times in result.tasks.values())
    starts = [result.tasks[t].es for t in result.critical_path]
    assert starts == sorted(starts)


@given(plan=plans(), data=st.data())
def test_a_longer_task_delays_the_project_by_at_most_as_much(plan: Plan, data: st.DataObject) -> None:
    # Every early date is a maximum of (another date + a constant) or (a date - the task's own duration)
    # terms; lengthening one task by k raises each of its terms by at most k and lowers none elsewhere,
    # so no date -- and not the finish -- moves later by more than k. (It can move *earlier*: see the
    # reverse-critical example below.)
    task_id = data.draw(st.sampled_from(sorted(plan.durations)))
    k = data.draw(durations)
    longer = Plan({**plan.durations, task_id: plan.durations[task_id] + k}, plan.links)
    assert schedule(longer.network()).duration <= schedule(plan.network()).duration + k


@given(plan=plans(types=("FS",)), data=st.data())
def test_with_finish_to_start_links_a_critical_task_delays_the_project_by_exactly_its_overrun(
    plan: Plan, data: st.DataObject
) -> None:
    # With FS links only, zero float means a chain of binding links runs from the task's finish to the
    # project finish, so k more days on the task are k more days on the project.
    before = schedule(plan.network())
    task_id = data.draw(st.sampled_from(before.critical_path))
    k = data.draw(durations)
    longer = Plan({**plan.durations, task_id: plan.durations[task_id] + k}, plan.links)
    assert schedule(longer.network()).duration == before.duration + k


def test_a_reverse_critical_task_shortens_the_project_when_it_gets_longer() -> None:
    # Why "a critical task's overrun delays the project" is not a property with SS/FF links: B must finish
    # with A (A FF B) and C starts with B (B SS C). A longer B starts earlier, and so does C.
    # (Elmaghraby and Kamburowski 1992 call such an activity "reverse critical".)
    def finish(b: float) -> float:
        network = Network.build(
            [Task("A", duration=10), Task("B", duration=b), Task("C", duration=20)],
            [Link("A", "B", "FF"), Link("B", "C", "SS")],
        )
        result = schedule(network)
        assert "B" in result.critical_path
        return result.duration

    assert (finish(4), finish(6)) == (26, 24)


@given(plan=plans())
def test_doubling_every_duration_and_lag_doubles_every_date(plan: Plan) -> None:
    # The constraints are homogeneous (sums and maxima of durations and lags, and 0), so they scale.
    single, double = schedule(plan.network()), schedule(plan.scaled(2).network())
    assert double.duration == 2 * single.duration
    for task_id, times in single.tasks.items():
        twice = double.tasks[task_id]
        assert (twice.es, twice.ef, twice.ls, twice.lf) == (
            2 * times.es,
            2 * times.ef,
            2 * times.ls,
            2 * times.lf,
        )
        assert (twice.total_float, twice.free_float) == (2 * times.total_float, 2 * times.free_float)
    assert double.critical_path == single.critical_path


@given(plan=plans(), data=st.data())
def test_adding_a_link_never_shortens_the_project(plan: Plan, data: st.DataObject) -> None:
    # The early dates are the least solution of the constraints; one more constraint cannot lower it.
    count = len(plan.durations)
    taken = {(p, s) for p, s, _, _ in plan.links}
    free = [
        (f"T{i}", f"T{j}")
        for i in range(count)
        for j in range(i + 1, count)
        if (f"T{i}", f"T{j}") not in taken
    ]
    if not free:
        return
    pred, succ = data.draw(st.sampled_from(free))
    more = Plan(
        plan.durations,
        [*plan.links, (pred, succ, data.draw(st.sampled_from(["FS", "SS", "FF", "SF"])), data.draw(lags))],
    )
    assert schedule(more.network()).duration >= schedule(plan.network()).duration


PROGRESS_NETWORK = Network.build(
    [
        Task("done", duration=3, actual_start=0, actual_finish=4),
        Task("doing", duration=6, actual_start=2, progress=0.25),
        Task("next", duration=5, not_before=9),
        Task("deadline", duration=2, finish_by=12),
        Task("later", duration=1),
        Task("tail", duration=4),
    ],
    [
        Link("done", "next"),
        Link("doing", "deadline", "SS", 1),
        Link("next", "deadline", "FF", -2),
        Link("deadline", "later", "SF", 3),
        Link("next", "tail", "FS", -1),
    ],
    status=5,
)


@settings(max_examples=60)
@given(data=st.data(), plan=plans(max_tasks=8))
def test_vectorised_passes_equal_the_scalar_passes_column_by_column(data: st.DataObject, plan: Plan) -> None:
    # The Monte Carlo runs the same passes on one numpy array per task (one element per iteration).
    for network in (plan.network(), PROGRESS_NETWORK):
        count = len(network.order)
        columns = data.draw(
            st.lists(st.lists(durations, min_size=count, max_size=count), min_size=1, max_size=5)
        )
        vector = passes(network, [np.array([column[i] for column in columns]) for i in range(count)])
        for c, column in enumerate(columns):
            scalar = passes(network, column)
            assert float(np.broadcast_to(vector.finish, (len(columns),))[c]) == scalar.finish
            for name in ("es", "ef", "ls", "lf"):
                got = [float(np.broadcast_to(v, (len(columns),))[c]) for v in getattr(vector, name)]
                assert got == [float(v) for v in getattr(scalar, name)], name


@pytest.mark.parametrize("seed", range(3))
def test_large_random_network_matches_the_oracle(seed: int) -> None:
    # A 300-task network (the hypothesis ones are small) with every link type; a plain random generator.
    rng = np.random.default_rng(seed)
    ids = [f"T{i}" for i in range(300)]
    links = []
    for j in range(1, 300):
        for i in rng.choice(j, size=min(j, 3), replace=False):
            links.append(
                (ids[i], ids[j], str(rng.choice(["FS", "SS", "FF", "SF"])), float(rng.integers(-10, 11)) / 2)
            )
    plan = Plan({t: float(rng.integers(0, 41)) / 2 for t in ids}, links)
    assert_matches_oracle(plan, [ids[i] for i in rng.permutation(300)])


@st.composite
def progressed(draw: st.DrawFn) -> tuple[Network, float]:
    """A random plan at a status date, each task finished, in progress or not started."""
    plan = draw(plans(max_tasks=8))
    status = draw(st.integers(0, 20).map(lambda n: n / 2))
    tasks = []
    for task_id, duration in plan.durations.items():
        state = draw(st.sampled_from(["finished", "in progress", "not started"]))
        start = draw(st.integers(0, int(2 * status)).map(lambda n: n / 2))
        if state == "finished":
            tasks.append(
                Task(task_id, duration=duration, actual_start=start, actual_finish=max(start, status))
            )
        elif state == "in progress":
            progress = draw(st.integers(0, 4).map(lambda n: n / 4))
            tasks.append(Task(task_id, duration=duration, actual_start=start, progress=progress))
        else:
            tasks.append(Task(task_id, duration=duration))
    links = [Link(p, s, t, lag) for p, s, t, lag in plan.links]
    return Network.build(tasks, links, status=status), status


@given(case=progressed())
def test_progress_keeps_actuals_and_puts_remaining_work_after_the_status_date(
    case: tuple[Network, float],
) -> None:
    network, status = case
    result = schedule(network)
    for task_id, times in result.tasks.items():
        task = network.tasks[task_id]
        if task.actual_finish is not None:
            assert (times.es, times.ef, times.critical) == (task.actual_start, task.actual_finish, False)
        elif task.actual_start is not None:
            assert times.es == task.actual_start
            assert times.ef == max(
                task.actual_start + task.duration, status + task.duration * (1 - task.progress)
            )
        else:
            assert times.es >= status
            assert times.ef == times.es + task.duration
        assert times.total_float == times.lf - times.ef
    assert result.duration == max(times.ef for times in result.tasks.values())
    last = [t for t, times in result.tasks.items() if times.ef == result.duration]
    if any(network.tasks[t].actual_finish is None for t in last):
        assert result.critical_path
