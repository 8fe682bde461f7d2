"""Which attachments we keep: what a resident sends is refused only with a reason a
complaints officer can pass on (too large, a program, a zip bomb), never silently."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

from delivery.documents import MAX_DOCUMENT_BYTES

# Programs and scripts: kept by no one, opened by mistake by someone.
EXECUTABLE_SUFFIXES = frozenset(
    ".exe .com .bat .cmd .scr .pif .msi .msp .dll .cpl .jar .js .jse .vbs .vbe .wsf .wsh "
    ".ps1 .psm1 .hta .lnk .reg .sh .bin .elf .apk .app .dmg .iso .scf .inf".split()
)
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")
# An archive may hold this many times its own size, and this much in all, before it is a bomb.
MOST_EXPANSION = 100
MOST_UNPACKED = 100 * 1024 * 1024
MOST_MEMBERS = 1000


def refusal(name: str, content_type: str, content: bytes) -> str | None:
    """Why an attachment is not kept, in a sentence; None when it is kept."""
    size = len(content)
    if size == 0:
        return f'"{name}" is empty'
    if size > MAX_DOCUMENT_BYTES:
        return (
            f'"{name}" is {size / 1024 / 1024:.1f} MB; the largest attachment we keep is '
            f"{MAX_DOCUMENT_BYTES // 1024 // 1024} MB"
        )
    if PurePosixPath(name.lower()).suffix in EXECUTABLE_SUFFIXES or content.startswith(
        EXECUTABLE_MAGIC
    ):
        return f'"{name}" is a program or script, which we do not keep'
    if content.startswith(b"PK\x03\x04") or content_type in ("application/zip",):
        return _archive_refusal(name, content)
    return None


def _archive_refusal(name: str, content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return f'"{name}" is a damaged zip archive'
    if len(members) > MOST_MEMBERS:
        return f'"{name}" holds {len(members):,} files; we open at most {MOST_MEMBERS:,}'
    unpacked = sum(member.file_size for member in members)
    if unpacked > MOST_UNPACKED or unpacked > MOST_EXPANSION * max(len(content), 1):
        return (
            f'"{name}" would unpack to {unpacked / 1024 / 1024:,.0f} MB from '
            f"{len(content) / 1024:,.0f} KB: a zip bomb, not kept"
        )
    for member in members:
        inner = member.filename.lower()
        if PurePosixPath(inner).suffix in EXECUTABLE_SUFFIXES:
            return f'"{name}" contains a program or script ("{member.filename}"), not kept'
        if PurePosixPath(inner).suffix == ".zip":
            return f'"{name}" contains another archive ("{member.filename}"), not kept'
    return None
