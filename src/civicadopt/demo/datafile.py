"""Reading and checking the demo data file before anything is written.

The file (``data/demo.json`` by default) declares organisations, users with their memberships and
initiatives with their phases. ``validate`` reports every problem at once, each named by its place in the
file (``initiatives[3].stage: 'planed' is not a stage ...``), so a broken file is fixed in one pass and
the database is never half-loaded.
"""

import json
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from civicadopt.accounts.models import DiscountSchedule, Organisation
from civicadopt.accounts.roles import Role
from civicadopt.initiatives.models import PhaseKind, Stage, Status

DEFAULT_DATA_FILE = Path(__file__).resolve().parent / "data" / "demo.json"
FORMAT_VERSION = 1

# The stages an initiative passes through on its way to adoption; "stopped" can follow any of them.
PATH_STAGES = [stage.value for stage in Stage if stage != Stage.STOPPED]

_SLUG = re.compile(r"^[-a-z0-9]+$")
_USERNAME = re.compile(r"^[\w.@+-]+$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")

TOP_KEYS = ({"format", "password", "organisations", "users", "initiatives"}, {"description"})
ORGANISATION_KEYS = (
    {"slug", "name"},
    (set(Organisation.SETTINGS_FIELDS) - {"name"}) | {"departments", "goals"},
)
GOAL_KEYS = ({"title"}, {"description"})
USER_KEYS = ({"username", "email", "memberships"}, {"first_name", "last_name"})
MEMBERSHIP_KEYS = ({"organisation", "role"}, set())
INITIATIVE_KEYS = (
    {"organisation", "title", "problem_statement", "stage", "status"},
    {"owner", "department", "goals", "tags", "phases", "stopped_after", "note"},
)
PHASE_KEYS = ({"kind", "name"}, {"scope", "start", "finish"})


class DemoDataError(Exception):
    """The demo data file cannot be loaded; ``problems`` lists each one with its place in the file."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            "The demo was not loaded; nothing was written:\n" + "\n".join(f"  - {p}" for p in problems)
        )


def read_data_file(path: Path | str | None = None) -> dict[str, Any]:
    """Return the parsed JSON of the data file at ``path`` (the built-in demo when None)."""
    path = Path(path) if path is not None else DEFAULT_DATA_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DemoDataError([f"{path}: cannot be read ({exc.strerror or exc})"]) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DemoDataError(
            [f"{path}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"]
        ) from exc
    if not isinstance(data, dict):
        raise DemoDataError([f"{path}: the top level must be an object"])
    return data


def parse_date(value: str | None) -> date | None:
    """Return the ISO date ``value`` (YYYY-MM-DD) as a date; None stays None. Call after ``validate``."""
    return None if value is None else date.fromisoformat(value)


class _Checker:
    """Collects problems, each prefixed with the path of the entry it concerns."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def entry(self, value: Any, path: str, keys: tuple[set[str], set[str]]) -> bool:
        """Check ``value`` is an object with the required keys and no unknown ones (typos fail loudly)."""
        if not isinstance(value, dict):
            self.problem(path, "must be an object")
            return False
        required, optional = keys
        for key in sorted(required - set(value)):
            self.problem(f"{path}.{key}", "is missing")
        for key in sorted(set(value) - required - optional):
            self.problem(
                f"{path}.{key}", f"is not a known field (known: {', '.join(sorted(required | optional))})"
            )
        return True

    def entries(self, value: Any, path: str, *, allow_empty: bool = True) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(path, "must be a list")
            return []
        if not value and not allow_empty:
            self.problem(path, "must not be empty")
        return value

    def text(
        self, entry: dict[str, Any], key: str, path: str, *, max_length: int, blank: bool = False
    ) -> str:
        value = entry.get(key, "")
        if not isinstance(value, str):
            self.problem(f"{path}.{key}", "must be text")
            return ""
        if not blank and not value.strip():
            self.problem(f"{path}.{key}", "must not be empty")
        if len(value) > max_length:
            self.problem(
                f"{path}.{key}", f"is {len(value)} characters long; at most {max_length} are allowed"
            )
        return value

    def pattern(self, entry: dict[str, Any], key: str, path: str, regex: re.Pattern[str], hint: str) -> None:
        if key in entry and not (isinstance(entry[key], str) and regex.match(entry[key])):
            self.problem(f"{path}.{key}", f"{entry[key]!r} is not {hint}")

    def choice(self, entry: dict[str, Any], key: str, path: str, choices: list[str], noun: str) -> None:
        if key in entry and entry[key] not in choices:
            self.problem(
                f"{path}.{key}", f"{entry[key]!r} is not {noun} (choose one of: {', '.join(choices)})"
            )

    def integer(self, entry: dict[str, Any], key: str, path: str, low: int, high: int) -> None:
        value = entry.get(key)
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(f"{path}.{key}", f"{value!r} is not a whole number from {low} to {high}")

    def iso_date(self, entry: dict[str, Any], key: str, path: str) -> date | None:
        value = entry.get(key)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            self.problem(f"{path}.{key}", f"{value!r} is not a date written as YYYY-MM-DD")
            return None

    def names(self, value: Any, path: str, known: set[str] | None, noun: str) -> None:
        for position, name in enumerate(self.entries(value, path)):
            if not isinstance(name, str) or not name.strip():
                self.problem(f"{path}[{position}]", "must be non-empty text")
            elif known is not None and name not in known:
                self.problem(f"{path}[{position}]", f"{name!r} is not {noun}")


def validate(data: dict[str, Any]) -> None:
    """Raise DemoDataError listing every problem in ``data``; return None when it can be loaded."""
    check = _Checker()
    if not check.entry(data, "file", TOP_KEYS):
        raise DemoDataError(check.problems)
    if data.get("format") != FORMAT_VERSION:
        check.problem(
            "format",
            f"{data.get('format')!r} is not a supported format (this version reads {FORMAT_VERSION})",
        )
    check.text(data, "password", "password", max_length=128)
    organisations = _check_organisations(check, data.get("organisations"))
    members = _check_users(check, data.get("users"), organisations)
    for slug, position in organisations.items():
        if "admin" not in members.get(slug, {}).values():
            check.problem(
                f"organisations[{position}]", f"no user is an admin of {slug!r}; the demo acts as one"
            )
    _check_initiatives(check, data.get("initiatives"), data.get("organisations"), organisations, members)
    if check.problems:
        raise DemoDataError(check.problems)


def _check_organisations(check: _Checker, value: Any) -> dict[str, int]:
    """Check every organisation; return {slug: position in the file}."""
    slugs: dict[str, int] = {}
    for position, organisation in enumerate(check.entries(value, "organisations", allow_empty=False)):
        path = f"organisations[{position}]"
        if not check.entry(organisation, path, ORGANISATION_KEYS):
            continue
        slug = organisation.get("slug")
        check.pattern(
            organisation, "slug", path, _SLUG, "a short name of lower-case letters, digits and hyphens"
        )
        if isinstance(slug, str):
            if slug in slugs:
                check.problem(f"{path}.slug", f"{slug!r} is already used by organisations[{slugs[slug]}]")
            slugs.setdefault(slug, position)
        check.text(organisation, "name", path, max_length=200)
        check.pattern(organisation, "country", path, _COUNTRY, "a two-letter country code such as US")
        check.pattern(organisation, "currency", path, _CURRENCY, "a three-letter currency code such as USD")
        check.integer(organisation, "population", path, 0, 2_000_000_000)
        check.integer(organisation, "fiscal_year_start_month", path, 1, 12)
        check.choice(organisation, "discount_schedule", path, DiscountSchedule.values, "a discount schedule")
        _check_rate(check, organisation, path)
        check.text(organisation, "discount_rate_source", path, max_length=300, blank=True)
        departments = check.entries(organisation.get("departments"), f"{path}.departments")
        check.names(departments, f"{path}.departments", None, "")
        _check_unique(check, departments, f"{path}.departments", "department")
        goal_titles = []
        for index, goal in enumerate(check.entries(organisation.get("goals"), f"{path}.goals")):
            goal_path = f"{path}.goals[{index}]"
            if check.entry(goal, goal_path, GOAL_KEYS):
                goal_titles.append(check.text(goal, "title", goal_path, max_length=200))
                check.text(goal, "description", goal_path, max_length=5000, blank=True)
        _check_unique(check, goal_titles, f"{path}.goals", "goal title")
    return slugs


def _check_rate(check: _Checker, organisation: dict[str, Any], path: str) -> None:
    if "discount_rate" not in organisation:
        return
    value = organisation["discount_rate"]
    # Text, not a JSON number: a float would not keep 0.0300 exact, and money rates must be exact.
    if not isinstance(value, str):
        check.problem(f"{path}.discount_rate", 'must be text such as "0.0300", so that it is exact')
        return
    try:
        rate = Decimal(value)
    except InvalidOperation:
        check.problem(f"{path}.discount_rate", f"{value!r} is not a number")
        return
    exponent = rate.as_tuple().exponent
    if (
        not rate.is_finite()
        or not Decimal("-0.1") <= rate <= Decimal("1")
        or (isinstance(exponent, int) and exponent < -4)
    ):
        check.problem(
            f"{path}.discount_rate", f"{value!r} must be a fraction from -0.1 to 1 with at most 4 decimals"
        )


def _check_unique(check: _Checker, values: list[Any], path: str, noun: str) -> None:
    seen: set[Any] = set()
    for value in values:
        if isinstance(value, str) and value in seen:
            check.problem(path, f"the {noun} {value!r} appears twice")
        seen.add(value)


def _check_users(check: _Checker, value: Any, organisations: dict[str, int]) -> dict[str, dict[str, str]]:
    """Check every user; return {organisation slug: {username: role}}."""
    members: dict[str, dict[str, str]] = {}
    usernames: set[str] = set()
    for position, user in enumerate(check.entries(value, "users", allow_empty=False)):
        path = f"users[{position}]"
        if not check.entry(user, path, USER_KEYS):
            continue
        username = user.get("username")
        check.pattern(user, "username", path, _USERNAME, "a user name (letters, digits and @ . + - _)")
        if isinstance(username, str) and username in usernames:
            check.problem(f"{path}.username", f"{username!r} appears twice")
        usernames.add(str(username))
        if isinstance(username, str) and len(username) > 150:
            check.problem(f"{path}.username", "is longer than 150 characters")
        for key in ("first_name", "last_name"):
            check.text(user, key, path, max_length=150, blank=True)
        try:
            validate_email(user.get("email"))
        except ValidationError:
            check.problem(f"{path}.email", f"{user.get('email')!r} is not an email address")
        memberships = check.entries(user.get("memberships"), f"{path}.memberships", allow_empty=False)
        for index, membership in enumerate(memberships):
            member_path = f"{path}.memberships[{index}]"
            if not check.entry(membership, member_path, MEMBERSHIP_KEYS):
                continue
            slug = membership.get("organisation")
            if slug not in organisations:
                check.problem(f"{member_path}.organisation", f"{slug!r} is not an organisation in this file")
                continue
            check.choice(membership, "role", member_path, Role.values, "a role")
            if username in members.get(slug, {}):
                check.problem(member_path, f"a second membership of {slug!r}")
            members.setdefault(slug, {})[str(username)] = membership.get("role")
    return members


def _check_initiatives(
    check: _Checker,
    value: Any,
    raw_organisations: Any,
    organisations: dict[str, int],
    members: dict[str, dict[str, str]],
) -> None:
    titles: dict[tuple[str, str], int] = {}
    for position, initiative in enumerate(check.entries(value, "initiatives")):
        path = f"initiatives[{position}]"
        if not check.entry(initiative, path, INITIATIVE_KEYS):
            continue
        slug = initiative.get("organisation")
        if slug not in organisations:
            check.problem(f"{path}.organisation", f"{slug!r} is not an organisation in this file")
            continue
        organisation = raw_organisations[organisations[slug]]
        # The title is how a later load finds the same initiative again, so it must be unique.
        title = check.text(initiative, "title", path, max_length=200)
        if (slug, title) in titles:
            check.problem(
                f"{path}.title", f"{title!r} is already used by initiatives[{titles[(slug, title)]}]"
            )
        titles.setdefault((slug, title), position)
        check.text(initiative, "problem_statement", path, max_length=10000)
        check.choice(initiative, "stage", path, Stage.values, "a stage")
        check.choice(initiative, "status", path, Status.values, "a status")
        owner = initiative.get("owner")
        if owner is not None and owner not in members.get(slug, {}):
            check.problem(f"{path}.owner", f"{owner!r} is not a member of {slug!r}")
        department = initiative.get("department")
        if department is not None and department not in (organisation.get("departments") or []):
            check.problem(f"{path}.department", f"{department!r} is not a department of {slug!r}")
        goals = {goal.get("title") for goal in organisation.get("goals") or [] if isinstance(goal, dict)}
        check.names(initiative.get("goals"), f"{path}.goals", goals, f"a goal of {slug!r}")
        check.names(initiative.get("tags"), f"{path}.tags", None, "")
        _check_stopped(check, initiative, path)
        _check_phases(check, initiative.get("phases"), f"{path}.phases")


def _check_stopped(check: _Checker, initiative: dict[str, Any], path: str) -> None:
    if initiative.get("stage") == Stage.STOPPED:
        if "note" in initiative:
            check.text(initiative, "note", path, max_length=2000)
        else:
            check.problem(f"{path}.note", "is missing: a stopped initiative needs a note saying why")
        check.choice(initiative, "stopped_after", path, PATH_STAGES, "a stage an initiative can stop after")
    else:
        for key in ("stopped_after", "note"):
            if key in initiative:
                check.problem(f"{path}.{key}", "is only for an initiative whose stage is 'stopped'")


def _check_phases(check: _Checker, value: Any, path: str) -> None:
    names: list[Any] = []
    for position, phase in enumerate(check.entries(value, path)):
        phase_path = f"{path}[{position}]"
        if not check.entry(phase, phase_path, PHASE_KEYS):
            continue
        names.append(check.text(phase, "name", phase_path, max_length=200))
        check.text(phase, "scope", phase_path, max_length=5000, blank=True)
        check.choice(phase, "kind", phase_path, PhaseKind.values, "a kind of phase")
        start = check.iso_date(phase, "start", phase_path)
        finish = check.iso_date(phase, "finish", phase_path)
        if start and finish and finish < start:
            check.problem(f"{phase_path}.finish", f"{finish} is before the start {start}")
    _check_unique(check, names, path, "phase name")
