"""``civicadopt funding match INITIATIVE_ID [--json]``: the programmes of the catalogue that match an
initiative, eligible ones first with why, and the excluded ones with the rules they fail.
Exit status 2 for an unknown initiative.
"""

import argparse
import json
import sys
from typing import Any

from .common import UsageError, setup_django


def add_funding_commands(parser: argparse.ArgumentParser, formatter: type[argparse.HelpFormatter]) -> None:
    tools = parser.add_subparsers(dest="tool", title="tools", metavar="TOOL")
    match = tools.add_parser(
        "match",
        help="Rank the funding catalogue for an initiative: eligible and relevant programmes first, with reasons.",
        description=(
            "Rank the programmes of the funding catalogue (shared Grants.gov programmes and the initiative's\n"
            "organisation's own) for INITIATIVE_ID: hard eligibility (applicant type, geography, deadline,\n"
            "award size against the funding gap, match the organisation can afford), then relevance (BM25\n"
            "over the initiative's title, problem, goals and tags, above a relevance floor).\n"
            "Methods: docs/methods/funding.md."
        ),
        formatter_class=formatter,
    )
    match.add_argument("initiative", type=int, metavar="INITIATIVE_ID", help="the initiative's number")
    match.add_argument("--limit", type=int, default=20, help="how many eligible programmes (default 20)")
    match.add_argument("--json", action="store_true", help="print JSON instead of text")
    match.set_defaults(handler=funding_match_command)


def _reasons(match: Any, failed_only: bool = False) -> list[dict[str, Any]]:
    return [
        {"rule": r.code, "passed": r.passed, "flagged": r.flagged, "message": r.message}
        for r in match.reasons
        if not (failed_only and r.passed)
    ]


def funding_match_command(args: argparse.Namespace) -> int:
    setup_django()
    from civicadopt.funding.matching import match_initiative
    from civicadopt.initiatives.models import Initiative

    initiative = Initiative.objects.select_related("organisation").filter(pk=args.initiative).first()
    if initiative is None:
        raise UsageError(f"there is no initiative {args.initiative}")
    result = match_initiative(initiative, limit=max(1, min(args.limit, 500)))

    def row(match: Any, failed_only: bool) -> dict[str, Any]:
        programme = result.programmes[match.key]
        return {
            "programme_id": programme.pk,
            "name": programme.name,
            "funder": programme.funder,
            "closes": programme.closes.isoformat() if programme.closes else None,
            "score": round(match.score, 4),
            "relevance": round(match.relevance, 4),
            "matched_terms": [term for term, _weight in match.terms],
            "reasons": _reasons(match, failed_only),
        }

    report = {
        "initiative": {
            "id": initiative.pk,
            "title": initiative.title,
            "organisation": initiative.organisation.slug,
        },
        # "amount" stays a number for older readers: 0 with "amount_known": false when not estimated
        "need": {
            "amount": float(result.need.amount or 0),
            "amount_known": result.need.amount is not None,
            "date": result.need.today.isoformat(),
        },
        "purposes": {
            "categories": list(result.purposes.categories),
            "assistance_listings": list(result.purposes.listings),
        },
        "applicant": {"type": result.applicant.applicant_type, "region": result.applicant.region},
        "eligible_count": result.ranking.eligible_count,
        "excluded_count": result.ranking.excluded_count,
        "unrelated_count": result.ranking.unrelated_count,
        "matches": [row(m, False) for m in result.ranking.matches],
        "excluded": [row(m, True) for m in result.ranking.excluded],
    }
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    amount = result.need.amount
    needed = f"need {amount:,.2f}" if amount is not None else "need not known yet (no cost estimate)"
    print(f"{initiative.title} ({initiative.organisation.name}): {needed}")
    print(
        f"{report['eligible_count']} meet the published rules, {report['excluded_count']} related but "
        f"excluded, {report['unrelated_count']} checked but not related\n"
    )
    for number, item in enumerate(report["matches"], start=1):
        print(f"{number}. {item['name']} — {item['funder']} (relevance {item['relevance']:.2f})")
        if item["matched_terms"]:
            print("   matched on: " + ", ".join(item["matched_terms"][:6]))
        for reason in item["reasons"]:
            print(f"   {'!' if reason['flagged'] else '-'} {reason['message']}")
    if report["excluded"]:
        print("\nExcluded (most relevant first):")
        for item in report["excluded"]:
            print(f"x {item['name']}: " + " ".join(r["message"] for r in item["reasons"]))
    return 0
