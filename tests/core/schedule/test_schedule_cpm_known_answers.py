"""The critical path method: published textbook answers first, then hand-verified networks for each feature
(SS/FF/SF links and lags, date constraints and negative float, milestones, phases, progress)."""

import pytest

from civicadopt_core.schedule import Link, Network, ScheduleError, Task, schedule


def network(durations: dict[str, float], predecessors: dict[str, str] | None = None, **kwargs) -> Network:
    """Tasks with ``durations``; ``predecessors`` maps a task to 'A' or 'A,B' (finish-to-start)."""
    links = [Link(p, s) for s, preds in (predecessors or {}).items() for p in preds.split(",")]
    return Network.build([Task(t, duration=d) for t, d in durations.items()], links, **kwargs)


def table(result) -> dict[str, tuple[float, ...]]:
    return {t: (x.es, x.ef, x.ls, x.lf, x.total_float, x.free_float) for t, x in result.tasks.items()}


def test_milwaukee_paper_matches_the_textbook() -> None:
    # Heizer, Render and Munson, "Operations Management" (12th ed., Pearson 2017), ch. 3 "Project
    # Management", Milwaukee Paper Manufacturing (Examples 4-7, Table 3.3): eight activities in weeks,
    # critical path A-C-E-G-H of 15 weeks, slack B 1, D 1, F 6. Free float worked by hand.
    result = schedule(
        network(
            {"A": 2, "B": 3, "C": 2, "D": 4, "E": 4, "F": 3, "G": 5, "H": 2},
            {"C": "A", "D": "A,B", "E": "C", "F": "C", "G": "D,E", "H": "F,G"},
        )
    )
    assert result.duration == 15
    assert result.critical_path == ("A", "C", "E", "G", "H")
    #                        ES  EF  LS  LF  total free
    assert table(result) == {
        "A": (0, 2, 0, 2, 0, 0),
        "B": (0, 3, 1, 4, 1, 0),
        "C": (2, 4, 2, 4, 0, 0),
        "D": (3, 7, 4, 8, 1, 1),
        "E": (4, 8, 4, 8, 0, 0),
        "F": (4, 7, 10, 13, 6, 6),
        "G": (8, 13, 8, 13, 0, 0),
        "H": (13, 15, 13, 15, 0, 0),
    }


def test_prototype_assembly_matches_the_published_table() -> None:
    # "Example 1: Draw the network for the events in Table 1" (studylib.net/doc/8378728), Table 2: a
    # 16-hour critical path A-B-D-E-G; C and F have one hour of slack. C's hour is shared with F (free
    # float 0: using it delays F), F's is its own (free float 1).
    result = schedule(
        network(
            {"A": 6, "B": 2, "C": 2, "D": 3, "F": 2, "E": 4, "G": 1},
            {"B": "A", "C": "A", "D": "B", "F": "C", "E": "D,F", "G": "E"},
        )
    )
    assert result.duration == 16
    assert result.critical_path == ("A", "B", "D", "E", "G")
    assert table(result)["C"] == (6, 8, 7, 9, 1, 0)
    assert table(result)["F"] == (8, 10, 9, 11, 1, 1)
    assert {t: table(result)[t][:4] for t in "ABDEG"} == {
        "A": (0, 6, 0, 6),
        "B": (6, 8, 6, 8),
        "D": (8, 11, 8, 11),
        "E": (11, 15, 11, 15),
        "G": (15, 16, 15, 16),
    }


def test_every_link_type_with_positive_and_negative_lags() -> None:
    # Worked by hand (see docs/methods/schedule-and-risk.md for the rules):
    #   A 10 days from 0.                         A: 0-10
    #   B 6: A SS+2, B starts 2 days after A.     B: 2-8
    #   C 4: A FF-1, C finishes a day before A.   C: 5-9
    #   D 3: B SF+5 (D finishes >= 2+5) and C FS-2 (D starts >= 9-2).  D: 7-10
    #   E milestone: D FS, B FS+3 (>= 8+3).       E: 11
    # Backward from 11: E 11; D LF 11; C LF = LS(D)+2 = 10; B LF = min(LS(E)-3 = 8, LF(D)-5+6 = 12) = 8;
    # A LF = min(LS(B)-2+10 = 10, LF(C)+1 = 11, 11) = 10.
    tasks = [Task("A", duration=10), Task("B", duration=6), Task("C", duration=4), Task("D", duration=3)]
    links = [
        Link("A", "B", "SS", 2),
        Link("A", "C", "FF", -1),
        Link("B", "D", "SF", 5),
        Link("C", "D", "FS", -2),
        Link("D", "E"),
        Link("B", "E", "FS", 3),
    ]
    result = schedule(Network.build([*tasks, Task("E", milestone=True)], links))
    assert result.duration == 11
    assert table(result) == {
        "A": (0, 10, 0, 10, 0, 0),
        "B": (2, 8, 2, 8, 0, 0),
        "C": (5, 9, 6, 10, 1, 0),
        "D": (7, 10, 8, 11, 1, 1),
        "E": (11, 11, 11, 11, 0, 0),
    }
    assert result.critical_path == ("A", "B", "E")


def test_a_negative_lag_never_starts_a_task_before_the_project() -> None:
    # B may overlap A by 5 days, but A is only 2 days long: B starts at the project start, not at -3.
    result = schedule(
        Network.build([Task("A", duration=2), Task("B", duration=4)], [Link("A", "B", "FS", -5)])
    )
    assert (result.tasks["B"].es, result.duration) == (0, 4)
    assert result.tasks["A"].total_float == 2  # A may finish as late as LS(B) + 5 = 5, capped at 4 - 2


def test_start_no_earlier_than_delays_the_task_and_gives_its_predecessor_float() -> None:
    # A 5 then B 3, but B cannot start before day 8 (a supplier's date): B 8-11, A has 3 days of float.
    tasks = [Task("A", duration=5), Task("B", duration=3, not_before=8)]
    result = schedule(Network.build(tasks, [Link("A", "B")]))
    assert table(result) == {"A": (0, 5, 3, 8, 3, 3), "B": (8, 11, 8, 11, 0, 0)}


def test_finish_no_later_than_before_the_early_finish_gives_negative_float() -> None:
    # A 5 then B 5 must finish by day 8: two days too late, so both have -2 days of total float and are
    # critical. Free float stays 0 (it looks only forwards), so free float > total float here.
    tasks = [Task("A", duration=5), Task("B", duration=5, finish_by=8)]
    result = schedule(Network.build(tasks, [Link("A", "B")]))
    assert result.duration == 10
    assert table(result) == {"A": (0, 5, -2, 3, -2, 0), "B": (5, 10, 3, 8, -2, 0)}
    assert result.critical_path == ("A", "B")


def test_a_milestone_takes_no_time_and_is_critical_at_the_end() -> None:
    tasks = [Task("Start", milestone=True), Task("Build", duration=4), Task("Live", milestone=True)]
    result = schedule(Network.build(tasks, [Link("Start", "Build"), Link("Build", "Live")]))
    assert table(result)["Start"] == (0, 0, 0, 0, 0, 0)
    assert table(result)["Live"] == (4, 4, 4, 4, 0, 0)
    assert result.critical_path == ("Start", "Build", "Live")
    with pytest.raises(ScheduleError, match="Task M: a milestone takes no time") as error:
        Task("M", duration=1, milestone=True)
    assert error.value.task == "M"


def test_links_to_and_from_a_phase_apply_to_all_its_tasks_and_summary_dates_roll_up() -> None:
    # Phase P holds a (3) then b (2). d (1) precedes the phase, c (4) follows it:
    #   d 0-1; a 1-4 (after d); b 4-6 (after a, and after d); c 6-10 (after a and b). All critical.
    tasks = [
        Task("d", duration=1),
        Task("P"),
        Task("a", duration=3, parent="P"),
        Task("b", duration=2, parent="P"),
        Task("c", duration=4),
    ]
    result = schedule(Network.build(tasks, [Link("d", "P"), Link("a", "b"), Link("P", "c")]))
    assert result.duration == 10
    phase = result.tasks["P"]
    assert (phase.es, phase.ef, phase.ls, phase.lf, phase.total_float, phase.summary) == (1, 6, 1, 6, 0, True)
    assert result.critical_path == ("d", "a", "b", "c")  # phases are not on the path themselves
    assert list(result.tasks) == ["d", "P", "a", "b", "c"]  # in the order given


def test_a_link_to_a_nested_phase_equals_links_to_each_task_inside() -> None:
    # P holds x and phase Q; Q holds y and z. s FS+1 P must equal s FS+1 to each of x, y, z.
    inside = [
        Task("P"),
        Task("x", duration=2, parent="P"),
        Task("Q", parent="P"),
        Task("y", duration=3, parent="Q"),
        Task("z", duration=1, parent="Q"),
    ]
    s, t = Task("s", duration=4), Task("t", duration=2)
    via_phase = schedule(Network.build([s, *inside, t], [Link("s", "P", "FS", 1), Link("Q", "t", "SS", 1)]))
    explicit = schedule(
        Network.build(
            [s, *inside, t],
            [*(Link("s", leaf, "FS", 1) for leaf in "xyz"), *(Link(leaf, "t", "SS", 1) for leaf in "yz")],
        )
    )
    assert via_phase == explicit
    assert {k: (v.es, v.ef) for k, v in via_phase.tasks.items()} == {
        "s": (0, 4),
        "P": (5, 8),
        "x": (5, 7),
        "Q": (5, 8),
        "y": (5, 8),
        "z": (5, 6),
        "t": (6, 8),
    }


def test_progress_fixes_actual_dates_and_keeps_remaining_work_after_the_status_date() -> None:
    # Status at the end of day 5. "done" ran 0-4 (planned 3); "doing" started on day 2 and is half done
    # (3 of 6 days left, from 5: finishes 8, as planned); "todo" follows "done" but cannot start before
    # the status date: 5-7.
    tasks = [
        Task("done", duration=3, actual_start=0, actual_finish=4),
        Task("doing", duration=6, actual_start=2, progress=0.5),
        Task("todo", duration=2),
    ]
    result = schedule(Network.build(tasks, [Link("done", "todo")], status=5))
    assert result.duration == 8
    assert {k: (v.es, v.ef) for k, v in result.tasks.items()} == {
        "done": (0, 4),
        "doing": (2, 8),
        "todo": (5, 7),
    }
    assert result.tasks["todo"].total_float == 1
    assert not result.tasks["done"].critical  # finished work is never critical
    assert result.critical_path == ("doing",)


def test_slip_is_the_current_finish_minus_the_baseline_finish() -> None:
    # The baseline: A 4 then B 6, 10 days. At status day 6, A took 5 days and B has done 1 of its 6:
    # 5 days left from day 6, so the finish is 11, one working day of slip.
    baseline = schedule(network({"A": 4, "B": 6}, {"B": "A"}))
    tasks = [
        Task("A", duration=4, actual_start=0, actual_finish=5),
        Task("B", duration=6, actual_start=5, progress=1 / 6),
    ]
    current = schedule(Network.build(tasks, [Link("A", "B")], status=6))
    assert (baseline.duration, current.duration, current.duration - baseline.duration) == (10, 11, 1)


def test_a_late_task_in_progress_is_critical_with_zero_float() -> None:
    # "doing" started on day 0 and is a quarter done at status day 5: 7.5 of 10 days left, finishing at 12.5,
    # and "next" follows it. Both are on the only path to the finish, so both have zero float. (Float is
    # LF - EF: LS - ES = 2.5 here, because LS counts the full duration back from LF and ES is the actual
    # start.)
    tasks = [Task("doing", duration=10, actual_start=0, progress=0.25), Task("next", duration=3)]
    result = schedule(Network.build(tasks, [Link("doing", "next")], status=5))
    assert (result.tasks["doing"].ef, result.duration) == (12.5, 15.5)
    assert result.tasks["doing"].total_float == 0
    assert result.critical_path == ("doing", "next")


def test_durations_can_be_overridden_for_one_calculation() -> None:
    plan = network({"A": 2, "B": 3}, {"B": "A"})
    assert schedule(plan, {"A": 5}).duration == 8
    assert plan.tasks["A"].duration == 2  # the network is not changed
