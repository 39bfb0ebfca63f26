"""What a demo load did, and the sign-in details it prints for the people trying the product."""

from collections import Counter
from dataclasses import dataclass, field

# The order in which kinds of record are reported: the order a reader meets them in the product.
KINDS = (
    "organisation",
    "department",
    "goal",
    "user",
    "membership",
    "initiative",
    "phase",
    "business case",
    "plan",
    "programme",
)
PLURALS = {kind: f"{kind}s" for kind in KINDS}


@dataclass(frozen=True)
class DemoLogin:
    """One way to sign in to the demo: a user name, their role in one organisation, and the password."""

    username: str
    role: str
    organisation: str
    password: str


@dataclass
class DemoSummary:
    """Counts of records created, updated and left unchanged by one load, and the demo sign-ins."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    logins: list[DemoLogin] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(+self.created or +self.updated)

    def lines(self) -> list[str]:
        """Return one line per kind of record: how many were created, updated and unchanged."""
        width = max(len(plural) for plural in PLURALS.values())
        return [
            f"  {PLURALS[kind]:<{width}}  {self.created[kind]:>3} created  {self.updated[kind]:>3} updated"
            f"  {self.unchanged[kind]:>3} unchanged"
            for kind in KINDS
        ]

    def logins_table(self) -> str:
        """Return the demo sign-ins as an aligned plain-text table."""
        header = DemoLogin("username", "role", "organisation", "password")
        rows = [header, *self.logins]
        widths = [
            max(len(getattr(row, name)) for row in rows) for name in ("username", "role", "organisation")
        ]

        def line(row: DemoLogin) -> str:
            cells = (row.username, row.role, row.organisation)
            return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + (
                f"  {row.password}"
            )

        return "\n".join(
            [line(header), "  ".join("-" * width for width in [*widths, max(len(r.password) for r in rows)])]
            + [line(row) for row in self.logins]
        )

    def report(self) -> str:
        """Return the full printed report: what changed, then the sign-ins."""
        outcome = "Demo data loaded:" if self.changed_anything else "Demo data already up to date:"
        return "\n".join(
            [
                outcome,
                *self.lines(),
                "",
                "Demo sign-ins (demo only: these passwords are public):",
                self.logins_table(),
            ]
        )
