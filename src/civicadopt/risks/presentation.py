"""How a register reads on a page: the matrix's bands in words, heat maps and rating labels."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from civicadopt.charts.heatmap import RISK_BANDS, HeatCell, RiskBand, risk_heatmap
from civicadopt.charts.model import Chart
from civicadopt.forms import plain
from civicadopt_core import risk as core

from .models import Rating, Risk

# The tag class of each rating, in the heat map's colours (white text at 4.5:1 or more on each).
RATING_CLASSES: dict[str, str] = {
    Rating.LOW.value: "bg-success-dark",
    Rating.MEDIUM.value: "bg-warning-darker",
    Rating.HIGH.value: "bg-accent-warm-dark",
    Rating.VERY_HIGH.value: "bg-secondary-dark",
}

# Words for each level, lowest first, by matrix size (as in the Orange Book's and PMI's example scales).
PROBABILITY_WORDS = {
    5: (_lazy("Rare"), _lazy("Unlikely"), _lazy("Possible"), _lazy("Likely"), _lazy("Almost certain")),
    4: (_lazy("Rare"), _lazy("Unlikely"), _lazy("Likely"), _lazy("Almost certain")),
    3: (_lazy("Unlikely"), _lazy("Possible"), _lazy("Likely")),
}
IMPACT_WORDS = {
    5: (_lazy("Minimal"), _lazy("Minor"), _lazy("Moderate"), _lazy("Major"), _lazy("Severe")),
    4: (_lazy("Minor"), _lazy("Moderate"), _lazy("Major"), _lazy("Severe")),
    3: (_lazy("Minor"), _lazy("Moderate"), _lazy("Major")),
}


def _range_text(low: Decimal | None, high: Decimal | None, fmt: Any) -> str:
    if low is None and high is None:
        return _("any")
    if low is None:
        return _("up to %(high)s") % {"high": fmt(high)}
    if high is None:
        return _("over %(low)s") % {"low": fmt(low)}
    return _("over %(low)s, up to %(high)s") % {"low": fmt(low), "high": fmt(high)}


def _percent(value: Decimal) -> str:
    return f"{plain(value * 100)}%"


def _money(value: Decimal) -> str:
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def _days(value: Decimal) -> str:
    return _("%(n)s days") % {"n": plain(value)}


def band_rows(matrix: core.Matrix) -> list[dict[str, Any]]:
    """Return one row per level of the matrix: its score, words and the ranges that score it."""
    probability = core.ranges(matrix.probability_limits)
    cost = core.ranges(matrix.cost_limits)
    schedule = core.ranges(matrix.schedule_limits)
    return [
        {
            "score": level + 1,
            "probability_word": PROBABILITY_WORDS[matrix.size][level],
            "probability": _range_text(*probability[level], _percent),
            "impact_word": IMPACT_WORDS[matrix.size][level],
            "cost": _range_text(*cost[level], _money),
            "schedule": _range_text(*schedule[level], _days),
        }
        for level in range(matrix.size)
    ]


def rating_rows(matrix: core.Matrix) -> list[dict[str, Any]]:
    """Return each rating with the probability x impact scores it covers."""
    low, medium, high = matrix.rating_limits
    spans = ((1, low), (low + 1, medium), (medium + 1, high), (high + 1, matrix.top))
    return [
        {
            "rating": rating.value,
            "label": rating.label,
            "css": RATING_CLASSES[rating.value],
            "low": first,
            "high": last,
        }
        for rating, (first, last) in zip(Rating, spans, strict=True)
    ]


def heat_cells(risks: Iterable[Risk], matrix: core.Matrix, *, residual: bool) -> list[HeatCell]:
    """Return every cell of the matrix with the risks in it (by their scores before or after the response)."""
    keys: dict[tuple[int, int], list[str]] = defaultdict(list)
    for risk in risks:
        if residual:
            place = (risk.residual_probability_score, risk.residual_impact_score)
        else:
            place = (risk.inherent_probability_score, risk.inherent_impact_score)
        keys[place].append(risk.key)
    return [
        HeatCell(
            probability=p,
            impact=i,
            band=matrix.rating(p * i).value,
            count=len(keys[(p, i)]),
            risk_keys=tuple(keys[(p, i)]),
        )
        for p in range(1, matrix.size + 1)
        for i in range(1, matrix.size + 1)
    ]


def heatmaps(risks: Sequence[Risk], matrix: core.Matrix) -> list[Chart]:
    """Return the heat maps of the risks before and after their responses."""
    # A risk scored on another size of matrix (before a rescore) cannot be placed: leave it out.
    placed = [
        risk
        for risk in risks
        if max(risk.inherent_probability_score, risk.inherent_impact_score, risk.residual_probability_score,
               risk.residual_impact_score) <= matrix.size
    ]  # fmt: skip
    bands = [RiskBand(band.key, str(Rating(band.key).label), band.letter, band.colour) for band in RISK_BANDS]
    return [
        risk_heatmap(
            heat_cells(placed, matrix, residual=False),
            title=_("Open risks before the response"),
            size=matrix.size,
            bands=bands,
        ),
        risk_heatmap(
            heat_cells(placed, matrix, residual=True),
            title=_("Open risks after the response"),
            size=matrix.size,
            bands=bands,
        ),
    ]
