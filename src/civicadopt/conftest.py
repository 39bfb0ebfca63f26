"""Fixtures shared by every app's tests: two organisations, and a member of each role in each."""

from dataclasses import dataclass

import pytest

from civicadopt.accounts.models import Membership, Organisation, User
from civicadopt.accounts.roles import Role
from civicadopt.initiatives.models import Initiative


@dataclass
class Tenant:
    """One organisation with a user of every role, and one initiative of its own."""

    organisation: Organisation
    users: dict[str, User]
    initiative: Initiative


def make_tenant(slug: str, name: str) -> Tenant:
    # British English: the tests read the source strings as written; the American catalogue and the US
    # pages have their own tests (accounts/tests/test_conventions_pages.py).
    organisation = Organisation.objects.create(name=name, slug=slug, language="en-gb")
    department = organisation.departments.create(name="Information Technology")
    goal = organisation.goals.create(title="Faster services")
    users = {}
    for role in Role.values:
        user = User.objects.create_user(
            username=f"{slug}-{role}",
            password="correct horse battery",
            first_name=role.title(),
            last_name=name,
        )
        Membership.objects.create(user=user, organisation=organisation, role=role)
        users[role] = user
    initiative = Initiative.objects.create(
        organisation=organisation,
        title=f"{name} e-permitting",
        problem_statement="Paper permits are slow.",
        owner=users[Role.CONTRIBUTOR],
        department=department,
        created_by=users[Role.ADMIN],
    )
    initiative.goals.add(goal)
    initiative.phases.create(name="Pilot", kind="pilot", position=1)
    return Tenant(organisation=organisation, users=users, initiative=initiative)


@pytest.fixture
def tenant_a(db: None) -> Tenant:
    return make_tenant("riverton", "Riverton")


@pytest.fixture
def tenant_b(db: None) -> Tenant:
    return make_tenant("millbrook", "Millbrook")
