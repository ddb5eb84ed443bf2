"""Read corpus files into clean text and ``Document`` records.

``read_text`` turns any supported file (.txt/.md in UTF-8, GBK/GB18030 or
UTF-16; .docx; .pdf with a text layer; .html) into clean text: the format's
reader (readers.py) extracts it, ``clean_text`` (clean.py) normalises it and
repairs page-break splits.  ``load_document`` adds what is known about the
file, from its ``key: value`` header when it has one, else inferred from the
text and the file's metadata (``_infer.py``: title, kind, issuer, and the
issuer's place).  Every problem with a file is an ``InputError`` naming the
file, never a traceback.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

from drafter.ingest._infer import infer_issuer, infer_kind, infer_place, infer_title
from drafter.ingest.clean import HEADER_KEYS, HEADER_LINE, clean_text
from drafter.ingest.facts import detect_lang, extract_facts
from drafter.ingest.readers import (
    READERS,
    SUPPORTED_SUFFIXES,
    TEXT_SUFFIXES,
    metadata_title,
    reader_for,
)
from drafter.ingest.readers import fail as _fail
from drafter.ingest.script import simplified
from drafter.types import DocKind, Document

__all__ = [
    "HEADER_KEYS",
    "MAX_BINARY_BYTES",
    "MAX_TEXT_BYTES",
    "READERS",
    "SUPPORTED_SUFFIXES",
    "TRUNCATION_MARK",
    "clean_text",
    "iter_corpus_files",
    "load_document",
    "read_text",
]

MAX_TEXT_BYTES = 20 * 1024 * 1024
"""Largest .txt/.md/.html file read; raise it here for bigger documents."""
MAX_BINARY_BYTES = 100 * 1024 * 1024
"""Largest .docx/.pdf file read."""
TRUNCATION_MARK = "[... text truncated in the stored copy ...]"

_KIND_ALIASES: dict[str, DocKind] = {
    "reply": "reply", "en_response": "reply", "response": "reply",
    "policy": "policy", "proposal": "proposal", "other": "other",
}  # fmt: skip


def read_text(path: Path) -> str:
    """Read a supported file as clean text.

    Args:
        path: A .txt, .md, .docx, .pdf, .html or .htm file.

    Returns:
        The cleaned text (see ``clean_text``).

    Raises:
        InputError: The file is missing, a directory, empty, binary, too
            large, corrupt, of an unsupported type, or a PDF without text.
    """
    return _read(Path(path))[0]


def _read(path: Path) -> tuple[str, bytes]:
    """Read and clean a file; return its text and raw bytes."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise _fail(path, "is a broken symbolic link (its target does not exist)") from None
        raise _fail(path, "file not found; check the path") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _fail(path, "is a symbolic link loop; point it at a real file") from None
        raise _fail(path, f"cannot be read ({exc.strerror}); check permissions") from None
    if stat.S_ISDIR(info.st_mode):
        raise _fail(path, "is a directory, not a file; give a file, or index the directory")
    if not stat.S_ISREG(info.st_mode):
        raise _fail(path, "is not a regular file (a device, pipe or socket); give a document")
    if info.st_size == 0:
        raise _fail(path, "is empty")
    suffix = path.suffix.lower()
    limit = MAX_TEXT_BYTES if suffix in TEXT_SUFFIXES else MAX_BINARY_BYTES
    if info.st_size > limit:
        reader_for(path, _read_bytes(path, 1024))  # an unreadable format says so first
        raise _fail(
            path,
            f"is {info.st_size / 2**20:.1f} MB, over the {limit // 2**20} MB limit "
            f"for {suffix or 'such'} files; split it or raise "
            "drafter.ingest.loaders.MAX_*_BYTES",
        )
    data = _read_bytes(path)
    text = clean_text(reader_for(path, data)(path, data))
    if not text.strip():
        raise _fail(path, "contains no text (it is blank or holds only markup)")
    return text, data


def _read_bytes(path: Path, size: int = -1) -> bytes:
    try:
        with path.open("rb") as file:
            return file.read(size)
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror}); check permissions") from None


def _split_header(text: str) -> tuple[dict[str, str], str]:
    lines = text.split("\n")
    header: dict[str, str] = {}
    for n, line in enumerate(lines):
        if not line.strip():
            return (header, "\n".join(lines[n + 1 :])) if header else ({}, text)
        m = HEADER_LINE.match(line)
        if not m or m[1] not in HEADER_KEYS:
            return {}, text
        header[m[1]] = m[2].strip()
    return header, ""


def load_document(path: Path, root: Path | None = None) -> Document:
    """Load a corpus file as a ``Document``.

    Args:
        path: The file to read.
        root: The corpus root; ``Document.path`` and ``id`` are then relative
            to it, so moving the whole corpus keeps ids stable.

    Returns:
        The document: text without header or truncation mark, metadata from
        the ``key: value`` header when present, else inferred from the text.

    Raises:
        InputError: The file cannot be read (see ``read_text``).
    """
    path = Path(path)
    text, data = _read(path)
    header, body = _split_header(text)
    body = body.strip("\n")
    if body.rstrip().endswith(TRUNCATION_MARK):
        body = body.rstrip()[: -len(TRUNCATION_MARK)].rstrip()
    if not body.strip():
        raise _fail(path, "has a header but no text after it")
    try:
        resolved = path.resolve()
        rel = resolved.relative_to(root.resolve()).as_posix() if root else resolved.as_posix()
    except ValueError:
        rel = path.resolve().as_posix()
    body, _ = simplified(body)  # a traditional-character copy is read as simplified
    lang = detect_lang(body)
    title = simplified(header.get("title", ""))[0] or infer_title(
        body, lang, path.stem, lambda: metadata_title(path, data)
    )
    kind = _KIND_ALIASES.get(header.get("kind", "").lower()) or infer_kind(title, body)
    issuer = header.get("issuer") or infer_issuer(body, title, kind)
    return Document(
        id=hashlib.sha1(rel.encode("utf-8")).hexdigest()[:12],
        path=rel if root else str(path),
        title=title,
        kind=kind,
        issuer=issuer,
        place=infer_place(issuer, title + "\n" + body[:2000], lang),
        date=header.get("date") or _infer_date(body),
        lang=lang,
        text=body,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _infer_date(body: str) -> str:
    tail = "\n".join(body.split("\n")[-12:])
    for scope in (tail, body):
        dates = [f.value[5:] for f in extract_facts(scope[-4000:], "zh") if f.kind == "date"]
        full = [d for d in dates if len(d) == 10]
        if full:
            return full[-1]
    return ""


def iter_corpus_files(paths: list[Path]) -> list[Path]:
    """Expand files and directories into the documents to index.

    Directories are walked recursively in sorted order, skipping hidden
    files and directories and README files; only supported suffixes are kept.

    Args:
        paths: Files and/or directories.

    Returns:
        The files, without duplicates, in the order found.

    Raises:
        InputError: A path does not exist, a file given by name has an
            unsupported type, or a directory holds no supported document.
    """
    found: dict[Path, None] = {}
    supported = ", ".join(SUPPORTED_SUFFIXES)
    for path in map(Path, paths):
        if not path.exists():
            broken = path.is_symlink()
            raise _fail(path, "is a broken or looping symbolic link" if broken else "not found")
        if path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise _fail(path, f"unsupported file type (supported: {supported})")
            found[path] = None
            continue
        before = len(found)
        for top, dirs, files in os.walk(path):  # does not follow directory links
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                sub = Path(top) / name
                if name.startswith(".") or sub.stem.lower() == "readme":
                    continue
                if sub.suffix.lower() in SUPPORTED_SUFFIXES and sub.is_file():
                    found[sub] = None
        if len(found) == before:
            raise _fail(path, f"no documents found (supported: {supported})")
    return list(found)
