"""Microsoft Project XML (MSPDI): read a plan that Project saved, and write one that Project opens.

MSPDI ("Microsoft Project Data Interchange", namespace ``http://schemas.microsoft.com/project``) is the
format behind Project's File > Save As > XML, and the one that ProjectLibre, GanttProject, Primavera and
most planning tools import. It is documented element by element in Microsoft's "Project XML Data
Interchange Schema Reference" (mspdi_pj12.xsd, the Project 2007 schema that later versions extend).

Units, as the schema states them or (where it is silent) as Microsoft Project writes them:

- ``Duration`` is an ISO 8601 duration of *working* time, written by Project in hours (``PT40H0M0S``).
  A day is ``MinutesPerDay`` working minutes, a week ``MinutesPerWeek``, a month ``DaysPerMonth`` days.
- ``LinkLag`` is an integer number of tenths of a minute (schema: "The amount of lag in tenths of a
  minute"). ``LagFormat`` says how Project shows it: for working formats (3 m, 5 h, 7 d, 9 w, 11 mo and
  their estimated forms 35-43) the minutes are working minutes; for elapsed formats (4 em, 6 eh, 8 ed,
  10 ew, 12 emo and 36-44) they are calendar minutes, 1,440 to a day; 19, 20, 51 and 52 are percentages
  of the predecessor's duration and are refused, because they depend on a schedule this file does not fix.
- ``Cost`` is typed only as a decimal in the schema; Project writes it in hundredths of the currency unit
  (``<Cost>125000</Cost>`` is 1,250.00), and MPXJ's MSPDI reader and writer divide and multiply by 100
  (``DatatypeConverter.parseCurrency`` / ``printCurrency``). The same scale is used here both ways.
- Link ``Type``: 0 FF, 1 FS, 2 SF, 3 SS. ``ConstraintType``: 0 ASAP, 1 ALAP, 2 MSO, 3 MFO, 4 SNET, 5 SNLT,
  6 FNET, 7 FNLT; only SNET and FNLT are kept, the others read as no constraint.

The file is parsed by defusedxml with DTDs, entity declarations and external references forbidden, so
"billion laughs" and external-entity (XXE) files are refused before any expansion.
"""

from .codes import NAMESPACE
from .reader import read_mspdi
from .writer import write_mspdi

__all__ = ["NAMESPACE", "read_mspdi", "write_mspdi"]
