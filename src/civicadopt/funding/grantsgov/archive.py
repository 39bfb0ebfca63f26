"""Opening an extract as Grants.gov publishes it (a .zip holding one .xml) or as the .xml itself.

The XML is streamed out of the archive, never unpacked to disk. An archive is refused before any of it is
read when it could not be an extract: no XML file or several files, a name that climbs out of the archive
(``../``, an absolute path, a drive letter), encryption, or an unpacked size or compression ratio far
beyond the real file's. The real extract is a few hundred MB of XML, growing towards 1 GB, and
compresses about four to one (XML text rarely beyond ten to one); a zip bomb compresses a thousand to one
and more.
"""

import io
import os
import re
import zipfile
import zlib
from pathlib import Path
from typing import IO

from .records import ByteStream, ExtractError

MAX_XML_BYTES = 4 * 1024**3
MAX_COMPRESSION_RATIO = 100
_DRIVE = re.compile(r"^[A-Za-z]:")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


class ExtractReader(io.RawIOBase):
    """A readable stream of the extract's XML that counts the bytes read, for a progress bar.

    ``size`` is the number of bytes the whole XML holds (0 when unknown) and ``position`` how many have
    been read. Reading past ``limit`` bytes, or a damaged archive, raises ``ExtractError``. Closing it
    closes the objects in ``closing`` (the file or zip member it reads, and the zip archive), and only
    those: a stream handed in by a caller stays the caller's to close.
    """

    def __init__(
        self,
        inner: ByteStream,
        *,
        size: int = 0,
        limit: int | None = None,
        closing: tuple[IO[bytes] | zipfile.ZipFile, ...] = (),
    ) -> None:
        super().__init__()
        self.inner = inner
        self.size = size
        self.limit = limit
        self.position = 0
        self._closing = closing

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self.inner.read(len(buffer)) or b""
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise ExtractError(f"The archive is damaged: {exc}.") from exc
        count = len(data)
        self.position += count
        if self.limit is not None and self.position > self.limit:
            raise ExtractError("The archive unpacks to more than it declares; it was refused.")
        buffer[:count] = data
        return count

    def close(self) -> None:
        if not self.closed:
            for owned in self._closing:
                owned.close()
        super().close()


def open_extract(path: str | os.PathLike[str]) -> ExtractReader:
    """Return a stream of the XML in ``path``, a .zip holding one .xml file or the .xml file itself.

    Whether the file is a zip is read from its first bytes, not its name. Raise ``ExtractError`` when the
    file is missing or an archive that could not hold an extract.
    """
    file = Path(path)
    if not file.is_file():
        raise ExtractError("There is no such file.")
    with file.open("rb") as handle:
        magic = handle.read(4)
    if magic in _ZIP_MAGIC:
        return _open_member(file)
    handle = file.open("rb")
    return ExtractReader(handle, size=file.stat().st_size, closing=(handle,))


def _open_member(file: Path) -> ExtractReader:
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExtractError(f"The file is not a readable zip archive ({exc}).") from exc
    try:
        member = _the_xml_member(archive)
        stream = archive.open(member)
    except ExtractError:
        archive.close()
        raise
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as exc:
        archive.close()
        raise ExtractError(f"The file inside the archive cannot be read ({exc}).") from exc
    return ExtractReader(stream, size=member.file_size, limit=member.file_size, closing=(stream, archive))


def _the_xml_member(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    entries = archive.infolist()
    for entry in entries:
        name = entry.filename
        parts = re.split(r"[\\/]", name)
        if name.startswith(("/", "\\")) or _DRIVE.match(name) or ".." in parts:
            raise ExtractError(
                f"The archive holds a file named “{name[:200]}”, which points outside the archive; "
                "an archive built to overwrite files is refused."
            )
    files = [entry for entry in entries if not entry.is_dir()]
    if len(files) != 1:
        names = ", ".join(f"“{entry.filename[:100]}”" for entry in files[:5])
        more = f" and {len(files) - 5:,} more" if len(files) > 5 else ""
        held = f"{len(files):,} files ({names}{more})" if files else "no file"
        raise ExtractError(f"The archive holds {held}; a Grants.gov extract holds exactly one XML file.")
    (member,) = files
    if not member.filename.lower().endswith(".xml"):
        raise ExtractError(f"The archive's file “{member.filename[:200]}” is not an .xml file.")
    if member.flag_bits & 0x1:
        raise ExtractError("The archive is encrypted; a Grants.gov extract is not.")
    if member.file_size > MAX_XML_BYTES:
        raise ExtractError(
            f"The archive would unpack to {_size(member.file_size)}, more than the {_size(MAX_XML_BYTES)} "
            "any Grants.gov extract comes near; it was refused."
        )
    if member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
        raise ExtractError(
            f"The archive's file is compressed {member.file_size / max(member.compress_size, 1):,.0f} to 1, "
            f"far beyond what XML text allows (under {MAX_COMPRESSION_RATIO} to 1): it looks like a zip "
            "bomb, and was refused."
        )
    return member


def _size(count: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("kB", 1024)):
        if count >= scale:
            return f"{count / scale:,.1f} {unit}".replace(".0 ", " ")
    return f"{count:,} bytes"
