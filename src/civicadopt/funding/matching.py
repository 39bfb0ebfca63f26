"""Matching the catalogue to an initiative: which programmes the organisation can get for it, why, and
why the others are excluded (``civicadopt_core.funding.matching`` does the ranking).

The catalogue's text index is built once per process and kept until a programme is added, changed or
removed (its key is the count and the latest change of the programmes), because indexing 50,000 Grants.gov
records takes seconds while ranking them against an initiative takes milliseconds.

The need: its words are the initiative's title, problem statement, goals and tags (and the extra words
typed on the page); its title (and the extra words) are the words a programme must share to be related;
its purpose codes come from the title and tags (``civicadopt_core.funding.purposes``); its amount is
unknown (None) until the business case has a cost estimate. The organisation's own budgets (programmes
of kind "internal budget") are related to every initiative. See docs/methods/funding.md.
"""

import threading
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q
from django.utils import timezone

from civicadopt.accounts.models import Organisation
from civicadopt.initiatives.models import Initiative
from civicadopt_core.calendar import fiscal_year
from civicadopt_core.funding import Applicant, Catalogue, Need, Offer, Purposes, Ranking, purposes_of, rank

from .grantsgov.codes import FUNDING_CATEGORIES
from .models import Kind, MatchFunds, Programme
from .plan import funding_plan
from .selectors import profile_for

_LOCK = threading.Lock()
_CACHE: dict[Any, Catalogue] = {}


def _offer(programme: Programme) -> Offer:
    text = " ".join(
        filter(None, (programme.name, programme.funder, programme.purposes, programme.description))
    )
    return Offer(
        key=str(programme.pk),
        name=programme.name,
        applicant_types=tuple(programme.applicant_types or ()),
        geography=programme.geography,
        opens=programme.opens,
        closes=programme.closes,
        rolling=programme.rolling,
        award_floor=programme.award_floor,
        award_ceiling=programme.award_ceiling,
        match_percent=programme.match_percent,
        cost_sharing=programme.cost_sharing,
        categories=tuple(programme.categories or ()),
        text=text,
        assistance_listings=tuple(programme.assistance_listings or ()),
        any_purpose=programme.kind == Kind.INTERNAL,
    )


def catalogue_for(organisation: Organisation) -> Catalogue:
    """The indexed catalogue the organisation sees (shared programmes and its own), cached per process."""
    visible = Programme.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation))
    state = visible.aggregate(n=Count("id"), changed=Max("updated_at"))
    key = (organisation.pk, state["n"], state["changed"])
    with _LOCK:
        cached = _CACHE.get(key)
    if cached is not None:
        return cached
    built = Catalogue.build([_offer(p) for p in visible.order_by("pk").iterator(chunk_size=2000)])
    with _LOCK:
        for old in [k for k in _CACHE if k[0] == organisation.pk]:
            del _CACHE[old]
        _CACHE[key] = built
    return built


@dataclass(frozen=True)
class InitiativeMatch:
    ranking: Ranking
    programmes: dict[str, Programme]
    need: Need
    applicant: Applicant
    purposes: Purposes

    def category_labels(self) -> list[str]:
        """Return the purpose's funding categories as "Label (CODE)", in Grants.gov's own words."""
        return [f"{FUNDING_CATEGORIES.get(code, code)} ({code})" for code in self.purposes.categories]

    def checked_count(self) -> int:
        """Return how many programmes were checked (the organisation's whole catalogue)."""
        ranking = self.ranking
        return ranking.eligible_count + ranking.excluded_count + ranking.unrelated_count


def purposes_for(initiative: Initiative) -> Purposes:
    """The Grants.gov categories and Assistance Listings that the initiative's title and tags map to."""
    return purposes_of(initiative.title, [tag.name for tag in initiative.tags.all()])


def need_of(initiative: Initiative, *, extra_words: str = "", today: Any = None) -> Need:
    """What the initiative asks: its largest yearly funding gap still open (or its largest yearly cost).

    The amount is None while the business case has no cost estimate: award limits cannot be checked.
    """
    plan = funding_plan(initiative)
    gaps = [row.gap_expected for row in plan.rows if row.gap_expected > 0]
    largest_cost = max((row.cost for row in plan.rows), default=Decimal(0))
    amount = max(gaps) if gaps else (largest_cost if largest_cost > 0 else None)
    goals = " ".join(goal.title for goal in initiative.goals.all())
    tags = " ".join(tag.name for tag in initiative.tags.all())
    text = " ".join(filter(None, (initiative.title, initiative.problem_statement, goals, tags, extra_words)))
    purposes = purposes_for(initiative)
    return Need(
        amount=amount,
        today=today or timezone.localdate(),
        categories=purposes.categories,
        text=text,
        listings=purposes.listings,
        title=" ".join(filter(None, (initiative.title, extra_words))),
    )


def applicant_of(organisation: Organisation, today: Any) -> Applicant:
    profile = profile_for(organisation=organisation)
    year = fiscal_year(today, organisation.fiscal_year_start_month).year
    funds = MatchFunds.objects.filter(organisation=organisation, fiscal_year=year).first()
    region = profile.region or ""
    country = region.split("-")[0] if region else (organisation.country or "US")
    return Applicant(
        applicant_type=profile.applicant_type,
        country=country,
        region=region,
        rural=profile.rural,
        match_available=funds.amount if funds else None,
    )


def match_initiative(
    initiative: Initiative, *, extra_words: str = "", limit: int = 50, today: Any = None
) -> InitiativeMatch:
    """Rank the organisation's catalogue for the initiative (``today``: the day of the search)."""
    organisation = initiative.organisation
    need = need_of(initiative, extra_words=extra_words, today=today)
    applicant = applicant_of(organisation, need.today)
    ranking = rank(catalogue_for(organisation), applicant, need, limit=limit)
    keys = [int(m.key) for m in (*ranking.matches, *ranking.excluded)]
    programmes = {str(p.pk): p for p in Programme.objects.filter(pk__in=keys)}
    return InitiativeMatch(ranking, programmes, need, applicant, purposes_for(initiative))
