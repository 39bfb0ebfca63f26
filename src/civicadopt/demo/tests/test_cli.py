"""The ``civicadopt`` command line: help, exit codes and each subcommand's behaviour."""

import io
from decimal import Decimal

import pytest

from civicadopt.accounts.models import Membership, Organisation, User
from civicadopt.audit.models import AuditEntry
from civicadopt.cli import main, waitress_proxy_options


@pytest.mark.parametrize(
    ("argv", "purpose"),
    [
        ([], "take a municipal technology initiative from idea to adoption"),
        (["serve"], "Serve Civic Adopt on this machine"),
        (["demo"], "create or refresh the demo municipalities"),
        (["createadmin"], "make them an administrator"),
        (["manage"], "Run a Django management command"),
        (["calc"], "with no database and no server"),
    ],
)
def test_help_of_each_command_states_its_purpose(capsys, argv, purpose):
    assert main([*argv, "--help"]) == 0

    assert purpose in " ".join(capsys.readouterr().out.split())


def test_no_command_prints_the_help_and_exits_2(capsys):
    assert main([]) == 2

    assert "serve" in capsys.readouterr().err


def test_calc_with_no_calculator_prints_its_help_and_exits_2(capsys):
    assert main(["calc"]) == 2

    assert "appraise Appraise options from a CSV" in " ".join(capsys.readouterr().err.split())


@pytest.mark.parametrize(
    "argv",
    [
        ["serve", "--port", "0"],
        ["serve", "--threads", "many"],
        ["nosuch"],
        ["createadmin", "--username", "x"],
    ],
)
def test_bad_usage_exits_2(capsys, argv):
    assert main(argv) == 2
    assert "error" in capsys.readouterr().err


def test_serve_refuses_a_public_address_without_public(capsys):
    assert main(["serve", "--host", "0.0.0.0", "--no-demo"]) == 2  # noqa: S104 - the refusal is the point

    assert "--public" in capsys.readouterr().err


@pytest.mark.django_db
def test_serve_sets_up_loads_the_demo_and_hands_over_to_waitress(monkeypatch, settings, tmp_path, capsys):
    # given: waitress is replaced, so the test does not block on a real server
    settings.STATIC_ROOT = tmp_path / "static"
    served = {}
    monkeypatch.setattr("waitress.serve", lambda app, **options: served.update(app=app, **options))

    # when
    code = main(["serve", "--server", "waitress", "--port", "8123", "--threads", "2"])

    # then
    assert code == 0
    assert served["host"] == "127.0.0.1"
    assert (served["port"], served["threads"]) == (8123, 2)
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8123/" in out
    assert "riverton-demo-2026" in out
    assert Organisation.objects.filter(slug="riverton").exists()


@pytest.mark.django_db
def test_demo_loads_and_prints_the_sign_ins(capsys):
    assert main(["demo"]) == 0

    out = capsys.readouterr().out
    assert "millbrook-admin" in out
    assert User.objects.filter(username="viewer").exists()


@pytest.mark.django_db
def test_demo_with_a_bad_file_exits_2_and_names_the_problem(capsys, tmp_path):
    bad = tmp_path / "demo.json"
    bad.write_text('{"format": 1}', encoding="utf-8")

    assert main(["demo", "--file", str(bad)]) == 2

    assert "organisations: is missing" in capsys.readouterr().err
    assert not Organisation.objects.exists()


def _createadmin(
    monkeypatch, password: str, *, organisation: str = "riverton", username: str = "clerk"
) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(
        [
            "createadmin", "--organisation", organisation, "--username", username,
            "--email", "clerk@riverton.example", "--password-stdin",
        ]
    )  # fmt: skip


@pytest.mark.django_db
def test_createadmin_against_an_unknown_organisation_exits_2(monkeypatch, capsys):
    Organisation.objects.create(name="City of Riverton", slug="riverton")

    assert _createadmin(monkeypatch, "a-long-enough-passphrase", organisation="nowhere") == 2

    err = capsys.readouterr().err
    assert "there is no organisation 'nowhere'" in err
    assert "riverton" in err
    assert not User.objects.exists()


@pytest.mark.django_db
def test_createadmin_makes_an_administrator_and_audits_the_membership(monkeypatch, capsys):
    riverton = Organisation.objects.create(name="City of Riverton", slug="riverton")

    assert _createadmin(monkeypatch, "a-long-enough-passphrase") == 0

    user = User.objects.get(username="clerk")
    assert user.check_password("a-long-enough-passphrase")
    assert Membership.objects.get(user=user, organisation=riverton).role == "admin"
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.actor_name, entry.action) == (None, "system", "create")
    assert "administrator of City of Riverton" in capsys.readouterr().out


@pytest.mark.django_db
def test_createadmin_promotes_an_existing_member(monkeypatch):
    riverton = Organisation.objects.create(name="City of Riverton", slug="riverton")
    user = User.objects.create_user(username="clerk", password="old-password-123")
    Membership.objects.create(user=user, organisation=riverton, role="viewer")

    assert _createadmin(monkeypatch, "a-long-enough-passphrase") == 0

    assert Membership.objects.get(user=user).role == "admin"
    assert AuditEntry.objects.get().changes["role"] == ["viewer", "admin"]


@pytest.mark.django_db
@pytest.mark.parametrize(("password", "message"), [("short", "too short"), ("", "no password")])
def test_createadmin_refuses_a_weak_or_missing_password(monkeypatch, capsys, password, message):
    Organisation.objects.create(name="City of Riverton", slug="riverton")

    assert _createadmin(monkeypatch, password) == 2

    assert message in capsys.readouterr().err
    assert not User.objects.exists()


def test_manage_passes_the_command_to_django(capsys):
    assert main(["manage", "check"]) == 0

    assert "no issues" in capsys.readouterr().out


def test_manage_reports_an_unknown_django_command(capsys):
    assert main(["manage", "no-such-command"]) == 1

    assert "Unknown command" in capsys.readouterr().err


@pytest.mark.django_db
def test_createorg_creates_an_organisation_and_audits_it(capsys):
    assert (
        main(["createorg", "--slug", "springfield", "--name", "City of Springfield", "--population", "60000"])
        == 0
    )

    organisation = Organisation.objects.get(slug="springfield")
    assert (organisation.name, organisation.population, organisation.fiscal_year_start_month) == (
        "City of Springfield",
        60000,
        7,
    )
    entry = AuditEntry.objects.get(organisation=organisation)
    assert (entry.action, entry.actor_name) == ("create", "system")
    assert "createadmin --organisation springfield" in capsys.readouterr().out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--slug", "Not A Slug", "--name", "X"], "slug"),
        (["--slug", "ok", "--name", "X", "--country", "USA"], "country"),
        (["--slug", "ok", "--name", "X", "--currency", "dollars"], "currency"),
    ],
)
def test_createorg_refuses_bad_values_and_names_the_field(capsys, argv, message):
    assert main(["createorg", *argv]) == 2
    assert message in capsys.readouterr().err
    assert not Organisation.objects.filter(name="X").exists()


@pytest.mark.django_db
def test_createorg_refuses_a_slug_already_taken(capsys):
    Organisation.objects.create(name="Riverton", slug="riverton")
    assert main(["createorg", "--slug", "riverton", "--name", "Another"]) == 2
    assert "slug" in capsys.readouterr().err


def test_waitress_trusts_the_proxy_only_when_told_to():
    assert waitress_proxy_options({}) == {}
    options = waitress_proxy_options(
        {"CIVICADOPT_BEHIND_PROXY": "true", "CIVICADOPT_TRUSTED_PROXY": "10.0.0.5"}
    )
    assert options["trusted_proxy"] == "10.0.0.5"
    assert {"x-forwarded-proto", "x-forwarded-for"} <= options["trusted_proxy_headers"]


@pytest.mark.django_db
def test_createorg_takes_what_is_not_given_from_the_country():
    assert (
        main(["createorg", "--slug", "harwick", "--name", "Harwick Borough Council", "--country", "gb"]) == 0
    )
    harwick = Organisation.objects.get(slug="harwick")
    assert (harwick.currency, harwick.fiscal_year_start_month, harwick.discount_schedule) == (
        "GBP",
        4,
        "green-book",
    )

    assert (
        main(["createorg", "--slug", "elm", "--name", "City of Elm", "--fiscal-year-start-month", "10"]) == 0
    )
    elm = Organisation.objects.get(slug="elm")
    assert (elm.currency, elm.fiscal_year_start_month, elm.discount_rate) == ("USD", 10, Decimal("0.0700"))
    assert "A-94" in elm.discount_rate_source
