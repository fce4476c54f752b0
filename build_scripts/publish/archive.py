"""A deterministic zip whose entries are deflated once per content: the same bytes zipfile writes, cached.

Deflating is most of what the offline zip costs (2.5 s of CPU at ×100), and a page deflates to the same bytes
every time, so each entry's deflated form is kept on disk by the hash of its content (cache.py): a rebuild
deflates only the pages that changed. zipfile has no way to take data already deflated, so this module writes
the archive's records itself, field for field as zipfile does (PKWARE's APPNOTE, no zip64, no data
descriptors). tests/test_archive.py checks the bytes against zipfile's on the real site and on odd entries.
Near the classic format's limits (65,535 entries; 1 GiB here) zipfile writes the archive, nothing cached.
"""

from __future__ import annotations

import base64
import hashlib
import io
import struct
import time
import zipfile
import zlib
from collections.abc import Callable

from .. import cache

Stamp = tuple[int, int, int, int, int, int]  # a ZipInfo's date_time

LEVEL = 6  # zlib's default: what zipfile uses for ZIP_DEFLATED without a compresslevel
VERSION = 20  # the version needed to extract (2.0: deflate), and zipfile's "made by"
UNIX = 3  # the "made by" system: zipfile's everywhere but Windows; external_attr holds Unix permissions
MODE = 0o644 << 16
UTF8_NAME = 0x800  # flag bit 11: the name is UTF-8 (zipfile sets it only for a name that is not ASCII)
LIMIT = 1 << 30  # well inside where zipfile turns to zip64 (an entry near 2 GiB, or the directory past it)
MAX_ENTRIES = 0xFFFF  # past it zipfile writes a zip64 end record


def zip_entries(entries: dict[str, Callable[[], bytes]], epoch: int) -> bytes:
    """A zip of name → contents (read one at a time), in sorted order, stamped with the source date."""
    stamp = date_time(epoch)
    if len(entries) > MAX_ENTRIES:
        return _with_zipfile(entries, stamp)
    dos_time = stamp[3] << 11 | stamp[4] << 5 | stamp[5] // 2
    dos_date = (stamp[0] - 1980) << 9 | stamp[1] << 5 | stamp[2]
    out, directory = io.BytesIO(), []
    for name in sorted(entries):
        data = entries[name]()
        packed = deflated(data)
        if max(len(data), len(packed), out.tell()) > LIMIT:
            return _with_zipfile(entries, stamp)
        encoded, flags = _name(name)
        fields = (flags, zipfile.ZIP_DEFLATED, dos_time, dos_date, zlib.crc32(data), len(packed), len(data),
                  len(encoded), 0)
        directory.append((fields, encoded, out.tell()))
        out.write(struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", VERSION, 0, *fields) + encoded + packed)
    start = out.tell()
    for fields, encoded, offset in directory:
        out.write(struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", VERSION, UNIX, VERSION, 0, *fields, 0, 0, 0, MODE,
                              offset) + encoded)
    size = out.tell() - start
    if start > LIMIT:
        return _with_zipfile(entries, stamp)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(directory), len(directory), size, start, 0))
    return out.getvalue()


def date_time(epoch: int) -> Stamp:
    """The source date as a zip entry's date and time (zip dates start in 1980)."""
    t = time.gmtime(max(epoch, 315532800))
    return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)


def deflated(data: bytes) -> bytes:
    """data as zipfile deflates it (raw deflate, LEVEL), kept by its hash."""
    return cache.memo("zip.deflate", [hashlib.sha256(data).hexdigest(), LEVEL], lambda: _deflate(data),
                      lambda b: base64.b64encode(b).decode("ascii"), base64.b64decode)


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def _name(name: str) -> tuple[bytes, int]:
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), UTF8_NAME


def _with_zipfile(entries: dict[str, Callable[[], bytes]], stamp: Stamp) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=LEVEL) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = MODE
            archive.writestr(info, entries[name]())
    return out.getvalue()
