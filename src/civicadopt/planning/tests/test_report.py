"""The Management case section of the council report."""

import pytest

from civicadopt.conftest import Tenant
from civicadopt.reports.model import Figure, Paragraph, Table
from civicadopt.reports.registry import render
from civicadopt.reports.titles import section_title

from ..report import management_case
from .factories import make_plan

pytestmark = pytest.mark.django_db


def _text(section: object) -> str:
    return " ".join(block.text for block in section.blocks if isinstance(block, Paragraph))  # type: ignore[attr-defined]


def test_without_a_plan_the_section_says_so(tenant_a: Tenant) -> None:
    section = management_case(tenant_a.initiative)
    assert section.title == section_title("management")
    assert "No implementation plan" in _text(section)


def test_the_section_has_the_plan_the_gantt_the_milestones_and_the_contingency(tenant_a: Tenant) -> None:
    # given: the sample plan (critical path Design, Configure, Go live; 15 working days from 4 Jan 2027) and a run
    parts = make_plan(tenant_a, simulate=True)
    run = parts["run"]
    # when
    section = management_case(tenant_a.initiative)
    # then
    text = _text(section)
    assert "Jan 4, 2027" in text and "runs through Design → Configure → Go live." in text  # names, not rows
    assert "15 working days, 3 tasks and 1 milestone." in text
    figures = [b for b in section.blocks if isinstance(b, Figure)]
    assert len(figures) == 1 and figures[0].svg.startswith("<svg")
    tables = {b.caption: b for b in section.blocks if isinstance(b, Table)}
    assert [row[0] for row in tables["Milestones"].rows] == ["Go live"]
    simulated = tables["Simulated finish and cost"]
    assert [row[0] for row in simulated.rows] == ["Plan", "P50", "P80", "P90"]
    assert simulated.rows[2][2] == run.results["finish"]["p80"]
    assert f"seed {run.seed}" in text and "80% confidence" in text


def test_the_section_renders_in_every_format(tenant_a: Tenant) -> None:
    from django.utils import timezone

    from civicadopt.reports.model import Report

    make_plan(tenant_a, simulate=True)
    report = Report(
        title="Plan",
        subtitle="",
        organisation=tenant_a.organisation.name,
        prepared_on=timezone.localdate(),
        sections=(management_case(tenant_a.initiative),),
        provenance=("test",),
        currency="USD",
    )
    for fmt in ("html", "docx", "xlsx"):
        assert render(report, fmt)
