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
from dataclasses import dataclass, field
from pathlib import Path

from drafter.errors import InputError
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
    "CorpusWalk",
    "clean_text",
    "iter_corpus_files",
    "load_document",
    "read_text",
    "walk_corpus",
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


def _read(path: Path, data: bytes | None = None) -> tuple[str, bytes]:
    """Read and clean a file (or ``data``, its bytes read already); return text and bytes."""
    if data is None:
        data = _file_bytes(path)
    suffix = path.suffix.lower()
    limit = MAX_TEXT_BYTES if suffix in TEXT_SUFFIXES else MAX_BINARY_BYTES
    if not data:
        raise _fail(path, "is empty")
    if len(data) > limit:
        reader_for(path, data[:1024])  # an unreadable format says so first
        raise _too_big(path, len(data), limit)
    text = clean_text(reader_for(path, data)(path, data))
    if not text.strip():
        raise _fail(path, "contains no text (it is blank or holds only markup)")
    return text, data


def _too_big(path: Path, size: int, limit: int) -> InputError:
    return _fail(
        path,
        f"is {size / 2**20:.1f} MB, over the {limit // 2**20} MB limit "
        f"for {path.suffix.lower() or 'such'} files; split it or raise "
        "drafter.ingest.loaders.MAX_*_BYTES",
    )


def read_file_bytes(path: Path) -> bytes:
    """The bytes of a document file, checked first: an ``InputError`` for anything but a
    regular file within the size limit (``FileNotFoundError`` when it has gone)."""
    return _file_bytes(path, missing_ok=False)


def _file_bytes(path: Path, missing_ok: bool = True) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise _fail(path, "is a broken symbolic link (its target does not exist)") from None
        if not missing_ok:
            raise
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
    limit = MAX_TEXT_BYTES if path.suffix.lower() in TEXT_SUFFIXES else MAX_BINARY_BYTES
    if info.st_size > limit:
        reader_for(path, _read_bytes(path, 1024))  # an unreadable format says so first
        raise _too_big(path, info.st_size, limit)
    try:
        return _read_bytes(path, limit + 1)
    except InputError:
        if not missing_ok and not path.exists():
            raise FileNotFoundError(str(path)) from None
        raise


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


def load_document(path: Path, root: Path | None = None, data: bytes | None = None
                  ) -> Document:
    """Load a corpus file as a ``Document``.

    Args:
        path: The file to read.
        root: The corpus root; ``Document.path`` and ``id`` are then relative
            to it, so moving the whole corpus keeps ids stable.
        data: The file's bytes, read already (the ones its hash was taken of):
            the file is then not read again.

    Returns:
        The document: text without header or truncation mark, metadata from
        the ``key: value`` header when present, else inferred from the text.

    Raises:
        InputError: The file cannot be read (see ``read_text``).
    """
    path = Path(path)
    text, data = _read(path, data)
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


@dataclass
class CorpusWalk:
    """The documents a walk found, and the files it left out."""

    files: list[Path] = field(default_factory=list)
    #: Files that cannot be indexed as they are (a file name that is not UTF-8): one
    #: line each, naming the file and what to do.
    skipped: list[str] = field(default_factory=list)
    #: Symbolic links inside the folders, left out because links are not followed.
    links: list[str] = field(default_factory=list)


def shown(path: Path | str) -> str:
    """A path as text that can be printed and stored, whatever bytes its name holds."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _bad_name(path: Path) -> str | None:
    """Why a file name cannot be indexed, or None when it can."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        raw = os.fsencode(path.name)
        guess = raw.decode("gb18030", "replace")
        return (f"{shown(path)}: the file name is not UTF-8 (in GBK it reads '{guess}'); "
                "rename it, e.g. `convmv -f gbk -t utf-8 -r --notest FOLDER`")
    return None


def walk_corpus(paths: list[Path], *, follow_links: bool = False) -> CorpusWalk:
    """Expand files and directories into the documents to index.

    Directories are walked recursively in sorted order, skipping hidden
    files and directories and README files; only supported suffixes are kept.
    A walk stays inside the folders given: symbolic links found in them (to
    files or folders) are left out unless ``follow_links``.  A file reached
    twice (two paths given, a link to a file already found) is listed once.

    Args:
        paths: Files and/or directories.  A file named here is read even when
            it is a link: it was asked for.
        follow_links: Follow symbolic links inside the directories.

    Returns:
        The files in the order found, and the files left out.

    Raises:
        InputError: A path does not exist, a file given by name has an
            unsupported type, or a directory holds no supported document.
    """
    walk = CorpusWalk()
    found: dict[Path, Path] = {}  # resolved → as found
    supported = ", ".join(SUPPORTED_SUFFIXES)
    for path in map(Path, paths):
        if not path.exists():
            broken = path.is_symlink()
            raise _fail(path, "is a broken or looping symbolic link" if broken else "not found")
        if path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise _fail(path, f"unsupported file type (supported: {supported})")
            _add(walk, found, path)
            continue
        before = len(found)
        seen_dirs: set[Path] = set()
        for top, dirs, files in os.walk(path, followlinks=follow_links):
            real = Path(top).resolve()
            if real in seen_dirs:  # a link back up the tree: walked already
                dirs[:] = []
                continue
            seen_dirs.add(real)
            kept = []
            for d in sorted(dirs):
                sub = Path(top) / d
                if d.startswith("."):
                    continue
                if sub.is_symlink() and not follow_links:
                    walk.links.append(shown(sub) + "/")
                    continue
                kept.append(d)
            dirs[:] = kept
            for name in sorted(files):
                sub = Path(top) / name
                if name.startswith(".") or sub.stem.lower() == "readme":
                    continue
                if sub.suffix.lower() not in SUPPORTED_SUFFIXES:
                    continue
                if sub.is_symlink() and not follow_links:
                    walk.links.append(shown(sub))
                elif sub.is_file():
                    _add(walk, found, sub)
        if len(found) == before and not walk.skipped:
            raise _fail(path, f"no documents found (supported: {supported})")
    walk.files = list(found.values())
    return walk


def _add(walk: CorpusWalk, found: dict[Path, Path], path: Path) -> None:
    problem = _bad_name(path)
    if problem:
        walk.skipped.append(problem)
        return
    found.setdefault(path.resolve(), path)


def iter_corpus_files(paths: list[Path], *, follow_links: bool = False) -> list[Path]:
    """The documents to index under ``paths`` (``walk_corpus``'s files)."""
    return walk_corpus(paths, follow_links=follow_links).files
