"""Reading the Grants.gov XML extract one opportunity at a time, in bounded memory, with no database.

Grants.gov publishes its whole catalogue every day as ``GrantsDBExtractYYYYMMDDv2.zip``: one XML file
(hundreds of MB, up to about 1 GB) whose root ``<Grants>``, in namespace ``http://apply.grants.gov/system/OpportunityDetail-V1.0``,
holds one ``<OpportunitySynopsisDetail_1_0>`` per posted opportunity and one
``<OpportunityForecastDetail_1_0>`` per forecast. Each record is a flat list of elements; a few of them
repeat (EligibleApplicants, CFDANumbers, CategoryOfFundingActivity, FundingInstrumentType); dates are
written MMDDYYYY and amounts in whole dollars.

The file is read through defusedxml's expat parser with a target that keeps only the record being read,
never a tree: memory stays the size of one record whatever the size of the file. A DTD, an entity
declaration or an external reference stops the reading (``ExtractError``), as does anything that is not
well-formed XML or not an extract; these are faults of the whole file. A record that cannot be read
(a bad date, a bad amount, no OpportunityID) becomes a ``RecordProblem`` and the reading goes on.
"""

from collections.abc import Callable, Iterator
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

from defusedxml import (  # type: ignore[import-untyped]
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from defusedxml.ElementTree import DefusedXMLParser  # type: ignore[import-untyped]

from .codes import FORECAST, NAMESPACE, ROOT, SYNOPSIS
from .records import (
    ByteStream,
    ExtractError,
    Opportunity,
    Record,
    RecordProblem,
    SkippedRecord,
    version_number,
)
from .synopsis import ID, read_synopsis

__all__ = [
    "ByteStream",
    "ExtractError",
    "Opportunity",
    "Record",
    "RecordProblem",
    "SkippedRecord",
    "iter_opportunities",
    "version_number",
]

CHUNK_BYTES = 64 * 1024
# The schema's longest field is Description (18,000 characters); a record a hundred times that size is
# not an extract's, and reading stops keeping its text, so that one hostile record cannot fill memory.
MAX_RECORD_CHARS = 2_000_000
MAX_RECORD_ELEMENTS = 10_000

_PREFIX = "{" + NAMESPACE + "}"


def iter_opportunities(stream: ByteStream) -> Iterator[Record]:
    """Yield each record of the extract read from ``stream``, in file order, as it is read.

    A posted opportunity is an ``Opportunity``; a forecast, or a record of a kind this reader does not
    know, is a ``SkippedRecord``; a record with unreadable fields yields one ``RecordProblem`` per field
    and no ``Opportunity``. Raise ``ExtractError`` when the document itself is faulty, possibly after some
    records were yielded (a file cut short is only found at its end).
    """
    collector = _Collector()
    parser = DefusedXMLParser(target=collector, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    collector.line = lambda: parser.parser.CurrentLineNumber
    try:
        while chunk := stream.read(CHUNK_BYTES):
            parser.feed(chunk)
            yield from collector.take()
        try:
            parser.close()
        except ParseError as exc:  # the document was still open when the bytes ran out
            raise _cut_short(exc, collector.root_seen) from exc
    except ParseError as exc:
        raise _not_xml(exc) from exc
    except DefusedXmlException as exc:
        raise _forbidden(exc, parser.parser.CurrentLineNumber) from exc
    except (LookupError, UnicodeError) as exc:  # an encoding that Python or expat cannot decode
        raise ExtractError("The file declares a text encoding that cannot be read.") from exc
    yield from collector.take()


def _cut_short(exc: ParseError, root_seen: bool) -> ExtractError:
    if not root_seen:
        return ExtractError("The file is empty: it holds no XML element.")
    line, _ = exc.position
    return ExtractError(
        f"The file ends in the middle of the document (line {line}): it looks cut short. "
        "Download the extract again."
    )


def _not_xml(exc: ParseError) -> ExtractError:
    line, column = exc.position
    code = exc.code if isinstance(exc.code, int) else 0
    reason = expat.ErrorString(code) if code else "unreadable"
    if code == expat.errors.codes[expat.errors.XML_ERROR_UNDEFINED_ENTITY]:
        reason += "; entities other than &lt; &gt; &amp; &quot; &apos; are not allowed"
    return ExtractError(f"The file is not well-formed XML: line {line}, column {column} ({reason}).")


def _forbidden(exc: DefusedXmlException, line: int) -> ExtractError:
    if isinstance(exc, DTDForbidden):
        what = "a document type declaration (DTD)"
    elif isinstance(exc, EntitiesForbidden):
        what = "an entity declaration"
    elif isinstance(exc, ExternalReferenceForbidden):
        what = "a reference to an external entity"
    else:
        what = "a construct that is not allowed"
    return ExtractError(
        f"The file contains {what} on line {line}. A Grants.gov extract has none, and such declarations "
        "can expand into huge documents or read other files, so the file was refused."
    )


class _Collector:
    """The parser's target: the text of the record being read, and the records finished since last taken."""

    def __init__(self) -> None:
        self.line: Callable[[], int] = lambda: 0
        self.root_seen = False
        self.depth = 0
        self.done: list[Record] = []
        self.kind = ""
        self.fields: dict[str, list[str]] = {}
        self.text: list[str] = []
        self.record_line = 0
        self.chars = 0
        self.elements = 0
        self.oversized = False

    def take(self) -> list[Record]:
        done, self.done = self.done, []
        return done

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == 1:
            self.root_seen = True
            if tag != _PREFIX + ROOT:
                raise ExtractError(_wrong_root(tag))
        elif self.depth == 2:
            self.kind = tag
            self.fields = {}
            self.record_line = self.line()
            self.chars = self.elements = 0
            self.oversized = False
        elif self.depth == 3:
            self.text = []
            self.elements += 1
            if self.elements > MAX_RECORD_ELEMENTS and not self.oversized:
                self.drop_text()

    def data(self, text: str) -> None:
        if self.depth == 3 and not self.oversized:
            self.chars += len(text)
            if self.chars > MAX_RECORD_CHARS:
                self.drop_text()
            else:
                self.text.append(text)

    def drop_text(self) -> None:
        """Stop keeping the text of an oversized record; its ID, when already read, names it in the problem."""
        self.oversized = True
        self.fields = {"OpportunityID": self.fields.get("OpportunityID", [])[:1]}
        self.text = []

    def end(self, tag: str) -> None:
        if self.depth == 3 and not self.oversized and tag.startswith(_PREFIX):
            self.fields.setdefault(tag[len(_PREFIX) :], []).append("".join(self.text))
        elif self.depth == 2:
            self.done.extend(self.record())
            self.fields = {}
        self.depth -= 1

    def close(self) -> None:
        return None

    def record(self) -> list[Record]:
        line = self.record_line
        if self.oversized:
            text = (self.fields.get("OpportunityID") or [""])[0].strip()
            return [
                RecordProblem(
                    text if ID.fullmatch(text) else "",
                    "",
                    f"The record is larger than any Grants.gov record can be (over {MAX_RECORD_CHARS:,} "
                    f"characters or {MAX_RECORD_ELEMENTS:,} elements); it was not read.",
                    line,
                )
            ]
        if self.kind == _PREFIX + SYNOPSIS:
            return read_synopsis(self.fields, line)
        texts = self.fields.get("OpportunityID") or [""]
        opportunity_id = texts[0].strip() if ID.fullmatch(texts[0].strip()) else ""
        if self.kind == _PREFIX + FORECAST:
            return [SkippedRecord(opportunity_id, "forecast", line)]
        local = self.kind[len(_PREFIX) :] if self.kind.startswith(_PREFIX) else self.kind
        return [SkippedRecord(opportunity_id, f"not an opportunity record (<{local}>)", line)]


def _wrong_root(tag: str) -> str:
    namespace, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    found = f"<{local}> in namespace {namespace}" if namespace else f"<{local}> without a namespace"
    return (
        f"This is not a Grants.gov XML extract: its root element is {found}; an extract's is <{ROOT}> "
        f"in namespace {NAMESPACE}."
    )
