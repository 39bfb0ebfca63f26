"""Load the demo municipalities from a data file, idempotently.

Behaviour, in one place:

* **All or nothing.** The file is validated first (``datafile.validate``) and the whole load runs in
  one transaction, so a bad file or a failure half-way writes nothing.
* **Idempotent.** Records are found again by natural keys: organisation by slug, department by name,
  goal by title, user by user name, initiative by (organisation, title), phase by (initiative, name).
  A second load of the same file writes nothing and adds no audit entries.
* **Refresh.** When someone changed a demo record in the product, the next load puts the file's values
  back. Initiatives, their stage, phases, organisation settings and members' roles are refreshed through
  the services, acting as the organisation's demo admin, so the audit trail records who changed what.
  Departments, goals and users have no update service and are refreshed directly. Records the file
  does not mention (an initiative a visitor added, a renamed one) are left alone.
* **Real accounts are safe.** An existing account with a demo user name but no membership of a demo
  organisation stops the load: the demo never renames someone's account or gives it a public password.
* **Passwords** are set (hashed with the configured hasher, Argon2 in production) when a user is
  created, and reset to the file's password on a later load only when ``reset_passwords`` is true.
* **Structure first.** Organisations, departments, goals, users and memberships are created directly,
  because before they exist nobody holds the authority the services check.
"""

from decimal import Decimal
from typing import Any, TextIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from civicadopt.accounts.models import Department, Membership, Organisation, StrategicGoal, User
from civicadopt.accounts.roles import Role
from civicadopt.accounts.services import membership_change_role, organisation_update
from civicadopt.concurrency import VersionConflict
from civicadopt.initiatives.gates import readiness_of, unmet_gates
from civicadopt.initiatives.models import Initiative, Phase, Stage
from civicadopt.initiatives.services import (
    initiative_change_stage,
    initiative_create,
    initiative_update,
    normalise_tags,
    phase_create,
    phase_update,
)

from .datafile import PATH_STAGES, DemoDataError, parse_date, read_data_file, validate
from .summary import DemoLogin, DemoSummary

USER_FIELDS = ("first_name", "last_name", "email")


def load_demo(
    *, data: dict[str, Any] | None = None, stdout: TextIO | None = None, reset_passwords: bool = False
) -> DemoSummary:
    """Create or refresh the demo records described by ``data`` (the built-in file when None).

    Raise DemoDataError, having written nothing, when the data is not valid. Progress lines go to
    ``stdout`` when given.
    """
    if data is None:
        data = read_data_file()
    validate(data)
    run = _Load(data, stdout, reset_passwords)
    with transaction.atomic():
        run.organisations_and_structure()
        run.users_and_memberships()
        run.organisation_settings()
        run.initiatives()
        run.business_cases()
        run.plans()
        run.funding()
    run.collect_logins()
    return run.summary


DEMO_OVERRIDE_NOTE = "Demo data: stage set when the sample data was loaded."


class _Load:
    """One run of ``load_demo``: the file, what is already in the database, and the counts so far."""

    def __init__(self, data: dict[str, Any], stdout: TextIO | None, reset_passwords: bool) -> None:
        self.data = data
        self.stdout = stdout
        self.reset_passwords = reset_passwords
        self.summary = DemoSummary()
        self.organisations: dict[str, Organisation] = {}
        self.users: dict[str, User] = {}
        self.admins: dict[str, User] = {}
        self.created_slugs: set[str] = set()
        self.new_passwords: set[str] = set()

    def say(self, kind: str, outcome: str, name: str) -> None:
        getattr(self.summary, outcome)[kind] += 1
        if self.stdout is not None and outcome != "unchanged":
            self.stdout.write(f"{outcome} {kind}: {name}\n")

    # Structure: organisations, departments, goals -------------------------------------------------

    def organisations_and_structure(self) -> None:
        for entry in self.data["organisations"]:
            organisation = Organisation.objects.filter(slug=entry["slug"]).first()
            if organisation is None:
                organisation = Organisation(slug=entry["slug"], **_organisation_values(entry))
                organisation.full_clean()
                organisation.save()
                self.created_slugs.add(organisation.slug)
                self.say("organisation", "created", organisation.name)
            # Settings of an existing organisation are compared later, through the service, once the
            # demo admin's membership exists to act with.
            self.organisations[entry["slug"]] = organisation
            for name in entry.get("departments") or []:
                _, created = Department.objects.get_or_create(organisation=organisation, name=name)
                self.say("department", "created" if created else "unchanged", name)
            for position, goal in enumerate(entry.get("goals") or [], start=1):
                self._goal(organisation, goal, position)

    def _goal(self, organisation: Organisation, entry: dict[str, Any], position: int) -> None:
        wanted = {"description": entry.get("description", ""), "position": position}
        goal = StrategicGoal.objects.filter(organisation=organisation, title=entry["title"]).first()
        if goal is None:
            StrategicGoal.objects.create(organisation=organisation, title=entry["title"], **wanted)
            self.say("goal", "created", entry["title"])
        elif any(getattr(goal, name) != value for name, value in wanted.items()):
            StrategicGoal.objects.filter(pk=goal.pk).update(**wanted)
            self.say("goal", "updated", entry["title"])
        else:
            self.say("goal", "unchanged", entry["title"])

    # People: users and memberships ---------------------------------------------------------------

    def users_and_memberships(self) -> None:
        password = self.data["password"]
        for position, entry in enumerate(self.data["users"]):
            self.users[entry["username"]] = self._user(entry, password, position)
        # Admins first: a role change goes through the service, acting as the organisation's demo admin.
        entries = [(user, m) for user in self.data["users"] for m in user["memberships"]]
        entries.sort(key=lambda pair: pair[1]["role"] != Role.ADMIN)
        for user_entry, membership in entries:
            self._membership(self.users[user_entry["username"]], membership)

    def _user(self, entry: dict[str, Any], password: str, position: int) -> User:
        wanted = {name: entry[name] for name in USER_FIELDS if name in entry}
        user = User.objects.filter(username=entry["username"]).first()
        if user is None:
            user = User(username=entry["username"], **wanted)
            user.set_password(password)
            user.full_clean()
            user.save()
            self.new_passwords.add(user.username)
            self.say("user", "created", user.username)
            return user
        # A demo user is a member of a demo organisation. An account with the same name and no such
        # membership is someone's real account (e.g. an "admin" made with createsuperuser): never
        # rename it or give it a published password.
        if not user.memberships.filter(organisation__slug__in=self.organisations).exists():
            raise DemoDataError(
                [
                    f"users[{position}].username: {user.username!r} is an existing account outside the demo "
                    "organisations; the demo does not take over accounts it did not create"
                ]
            )
        changed = [name for name, value in wanted.items() if getattr(user, name) != value]
        for name in changed:
            setattr(user, name, wanted[name])
        if self.reset_passwords and not user.check_password(password):
            user.set_password(password)
            changed.append("password")
        if self.reset_passwords:
            self.new_passwords.add(user.username)
        if changed:
            user.save(update_fields=changed)
        self.say("user", "updated" if changed else "unchanged", user.username)
        return user

    def _membership(self, user: User, entry: dict[str, Any]) -> None:
        organisation = self.organisations[entry["organisation"]]
        role = entry["role"]
        label = f"{user.username} in {organisation.slug} ({role})"
        membership = Membership.objects.filter(user=user, organisation=organisation).first()
        if membership is None:
            Membership.objects.create(user=user, organisation=organisation, role=role)
            self.say("membership", "created", label)
        elif membership.role == role:
            self.say("membership", "unchanged", label)
        elif organisation.slug not in self.admins:
            # The organisation's first demo admin: nobody in the file can act for them, so set directly.
            Membership.objects.filter(pk=membership.pk).update(role=role)
            self.say("membership", "updated", label)
        else:
            membership_change_role(user=self.admins[organisation.slug], membership=membership, role=role)
            self.say("membership", "updated", label)
        if role == Role.ADMIN:
            self.admins.setdefault(organisation.slug, user)

    # Organisation settings, through the service ----------------------------------------------------

    def organisation_settings(self) -> None:
        for entry in self.data["organisations"]:
            if entry["slug"] in self.created_slugs:
                continue
            organisation = self.organisations[entry["slug"]]
            wanted = _organisation_values(entry)
            changes = {name: value for name, value in wanted.items() if getattr(organisation, name) != value}
            if changes:
                organisation_update(
                    user=self.admins[entry["slug"]],
                    organisation=organisation,
                    expected_version=organisation.version,
                    data=changes,
                )
            self.say("organisation", "updated" if changes else "unchanged", organisation.name)

    # Initiatives and phases, through the services ----------------------------------------------------

    def business_cases(self) -> None:
        """Add the demo business cases (only where an initiative has none: people may be editing them)."""
        from civicadopt.business_cases.demo import load_demo_business_cases

        created = load_demo_business_cases()
        self.summary.created["business case"] += created
        if created and self.stdout is not None:
            self.stdout.write(f"created {created} demo business cases\n")

    def plans(self) -> None:
        """Add the demo holidays, plans, risk registers and their simulations (only where none exist)."""
        from civicadopt.planning.demo import load_demo_plans

        created = load_demo_plans()
        self.summary.created["plan"] += created
        if created and self.stdout is not None:
            self.stdout.write(f"created {created} demo plans\n")

    def funding(self) -> None:
        """Add the sample funding catalogue, profiles, applications and funding sources (only what is missing)."""
        from civicadopt.funding.demo import load_demo_funding

        created = load_demo_funding()
        self.summary.created["programme"] += created
        if created and self.stdout is not None:
            self.stdout.write(f"created {created} sample funding programmes\n")

    def initiatives(self) -> None:
        for position, entry in enumerate(self.data.get("initiatives") or []):
            try:
                self._initiative(entry)
            except (ValidationError, PermissionDenied, VersionConflict, ValueError) as exc:
                # Name the entry: a service's refusal is useless without knowing which record it was.
                messages = getattr(exc, "messages", None) or [str(exc)]
                raise DemoDataError([f"initiatives[{position}]: {'; '.join(messages)}"]) from exc

    def _initiative(self, entry: dict[str, Any]) -> None:
        organisation = self.organisations[entry["organisation"]]
        admin = self.admins[entry["organisation"]]
        wanted = self._initiative_values(entry, organisation, admin)
        initiative = Initiative.objects.filter(organisation=organisation, title=entry["title"]).first()
        new = initiative is None
        if initiative is None:
            initiative = initiative_create(
                user=admin,
                organisation=organisation,
                data={**wanted, "title": entry["title"], "stage": Stage.IDEA},
            )
            self.say("initiative", "created", initiative.title)
        else:
            changes = _initiative_changes(initiative, wanted)
            if changes:
                initiative_update(
                    user=admin, initiative=initiative, expected_version=initiative.version, data=changes
                )
            changed_stage = initiative.stage != entry["stage"]
            self.say("initiative", "updated" if changes or changed_stage else "unchanged", initiative.title)
        self._move_to_stage(initiative, entry, admin, new=new)
        for position, phase in enumerate(entry.get("phases") or [], start=1):
            self._phase(initiative, phase, position, admin)

    def _initiative_values(
        self, entry: dict[str, Any], organisation: Organisation, admin: User
    ) -> dict[str, Any]:
        goal_titles = entry.get("goals") or []
        department = entry.get("department")
        return {
            "problem_statement": entry["problem_statement"],
            "status": entry["status"],
            # Without an owner in the file, the service makes the acting admin the owner; compare with that.
            "owner": self.users[entry["owner"]] if entry.get("owner") else admin,
            "department": organisation.departments.get(name=department) if department else None,
            "goals": list(organisation.goals.filter(title__in=goal_titles)),
            "tags": normalise_tags(entry.get("tags") or []),
        }

    def _move_to_stage(
        self, initiative: Initiative, entry: dict[str, Any], admin: User, *, new: bool
    ) -> None:
        """Bring ``initiative`` to the file's stage, recording each move in its stage history.

        A new initiative walks the stages in order (idea, business case, ...) so its history reads
        like a real one; an existing one that was moved elsewhere goes straight back.
        """
        target = entry["stage"]
        if initiative.stage == target:
            return
        if new:
            last = entry.get("stopped_after", Stage.IDEA) if target == Stage.STOPPED else target
            steps = PATH_STAGES[1 : PATH_STAGES.index(last) + 1]
            if target == Stage.STOPPED:
                steps.append(Stage.STOPPED)
        else:
            steps = [target]
        for stage in steps:
            note = entry.get("note", "") if stage == Stage.STOPPED else ""
            # The demo's stages are loaded before its business cases, plans and funding, so a gated stage
            # is reached by the override a manager would use, and the history says why.
            override = bool(
                unmet_gates(readiness_of(initiative), from_stage=initiative.stage, to_stage=stage)
            )
            if override:
                note = note or DEMO_OVERRIDE_NOTE
            initiative_change_stage(
                user=admin,
                initiative=initiative,
                expected_version=initiative.version,
                stage=stage,
                note=note,
                override=override,
            )

    def _phase(self, initiative: Initiative, entry: dict[str, Any], position: int, admin: User) -> None:
        wanted = {
            "kind": entry["kind"],
            "scope": entry.get("scope", ""),
            "start": parse_date(entry.get("start")),
            "finish": parse_date(entry.get("finish")),
            "position": position,
        }
        phase = Phase.objects.filter(initiative=initiative, name=entry["name"]).first()
        if phase is None:
            phase_create(user=admin, initiative=initiative, data={**wanted, "name": entry["name"]})
            self.say("phase", "created", entry["name"])
            return
        changes = {name: value for name, value in wanted.items() if getattr(phase, name) != value}
        if changes:
            phase_update(user=admin, phase=phase, data=changes)
        self.say("phase", "updated" if changes else "unchanged", entry["name"])

    # Sign-ins ---------------------------------------------------------------------------------------

    def collect_logins(self) -> None:
        password = self.data["password"]
        for entry in self.data["users"]:
            user = self.users[entry["username"]]
            # Checking costs one hash; skip it when this load has just set the password.
            works = user.username in self.new_passwords or user.check_password(password)
            shown = password if works else "(changed since first load; use --reset-passwords)"
            for membership in entry["memberships"]:
                self.summary.logins.append(
                    DemoLogin(
                        username=user.username,
                        role=str(Role(membership["role"]).label),
                        organisation=self.organisations[membership["organisation"]].name,
                        password=shown,
                    )
                )


def _organisation_values(entry: dict[str, Any]) -> dict[str, Any]:
    """Return the organisation settings the file states (omitted ones keep the model's defaults)."""
    values = {name: entry[name] for name in Organisation.SETTINGS_FIELDS if name in entry}
    if "discount_rate" in values:
        values["discount_rate"] = Decimal(values["discount_rate"])
    return values


def _initiative_changes(initiative: Initiative, wanted: dict[str, Any]) -> dict[str, Any]:
    """Return the entries of ``wanted`` that differ from ``initiative`` (many-to-many compared as sets)."""
    changes = {
        name: wanted[name]
        for name in ("problem_statement", "status", "owner", "department")
        if getattr(initiative, name) != wanted[name]
    }
    if {goal.pk for goal in initiative.goals.all()} != {goal.pk for goal in wanted["goals"]}:
        changes["goals"] = wanted["goals"]
    if set(initiative.tags.values_list("name", flat=True)) != set(wanted["tags"]):
        changes["tags"] = wanted["tags"]
    return changes
