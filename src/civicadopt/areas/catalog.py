"""What the Reports page lists: every report and download the product makes today, per initiative and
for the organisation, with its formats.

Only what exists is listed (an area appears when it is built). The council report's formats come from
the report renderer registry, so a renderer added there appears here without another edit.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Plain names for the council report's renderers (``civicadopt.reports.registry``); an unknown one
# shows its file extension.
FORMAT_LABELS: dict[str, Promise] = {
    "html": _("Web page"),
    "pdf": _("PDF"),
    "docx": _("Word"),
    "xlsx": _("Excel"),
    "csv": _("CSV"),
    "xml": _("Microsoft Project XML"),
    "ics": _("Calendar (.ics)"),
}


@dataclass(frozen=True)
class Download:
    label: Promise
    url: str


@dataclass(frozen=True)
class InitiativeReports:
    """One initiative's reports; ``council`` is empty until its business case has been calculated."""

    initiative_pk: int
    title: str
    council: tuple[Download, ...]
    plan: tuple[Download, ...]
    risks: tuple[Download, ...]
