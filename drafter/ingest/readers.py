"""One reader per file format: raw bytes in, raw text out.

A reader is ``(path, data) -> text``; ``READERS`` maps a suffix to its reader.
Plain text is decoded from UTF-8, GBK/GB18030 or UTF-16 (BOMs first, then
charset-normalizer); .docx gives paragraphs and tables in document order;
.pdf its text layer (pypdf); .html its visible text.  The text still needs
``clean_text``.  Every problem is an ``InputError`` naming the file.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.errors import InputError
from drafter.ingest.clean import CJK, CJK_GAP, CJK_PUNCT, unwrap_page

if TYPE_CHECKING:
    from docx.table import Table

__all__ = ["READERS", "SUPPORTED_SUFFIXES", "fail"]


def fail(path: Path, message: str) -> InputError:
    """The ``InputError`` for a problem with ``path``."""
    return InputError(message, path=str(path))


def _decode(path: Path, data: bytes) -> str:
    """Decode text bytes: BOMs, UTF-8, GB18030, else charset-normalizer's guess."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
                       (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
                       (b"\xfe\xff", "utf-16")):  # fmt: skip
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise fail(
                    path,
                    f"starts with a {codec} byte-order mark but is not valid "
                    f"{codec}; re-save it as UTF-8",
                ) from None
    if b"\x00" in data:
        raise fail(path, "contains NUL bytes: this is binary data, not a text document")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    guess = (best.encoding if best else "").lower().replace("-", "_")
    if not (guess.startswith(("big5", "cp950")) and len(data) >= 64):  # short: GB is likelier
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = ""
        if text and (guess.startswith(("gb", "hz")) or _mostly_chinese(text)):
            return text
    if best is None or guess.startswith(("utf_16", "utf_32")):
        raise fail(
            path,
            "cannot be decoded as text in any common encoding "
            "(UTF-8, GBK/GB18030, UTF-16); is it a binary file?",
        )
    return str(best)


def _mostly_chinese(text: str) -> bool:
    cjk = len(re.findall(f"[{CJK}]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return cjk >= 2 and cjk >= 0.2 * (cjk + latin)


def _check_text(path: Path, text: str) -> str:
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\ufffd")
    if bad > max(2, len(text) // 100):
        raise fail(path, "is mostly undecodable or control characters: binary data, not text")
    return text


def _read_plain(path: Path, data: bytes) -> str:
    return _check_text(path, _decode(path, data))


class _TextExtractor(HTMLParser):
    """Collect the visible text of an HTML page, one block per line."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg"})
    _BLOCK = frozenset(
        "p div br li ul ol tr table h1 h2 h3 h4 h5 h6 section article header footer "
        "blockquote pre dd dt hr title main nav aside form".split()
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            data = re.sub(rf"(?<=[{CJK}{CJK_PUNCT}])\s*\n\s*(?=[{CJK}{CJK_PUNCT}])", "", data)
            self.parts.append(re.sub(r"\s+", " ", data))


def _read_html(path: Path, data: bytes) -> str:
    parser = _TextExtractor()
    parser.feed(_decode(path, data))
    parser.close()
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return _check_text(path, "\n".join(line for line in lines if line))


def _read_docx(path: Path, data: bytes) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(block.text)
            elif isinstance(block, Table):
                lines.extend(_table_rows(block))
    except Exception as exc:  # zip, XML and package errors of a damaged file
        raise fail(
            path,
            f"is not a readable .docx file (corrupt or truncated: "
            f"{type(exc).__name__}); open and re-save it in Word or WPS",
        ) from None
    return "\n".join(lines)


def _table_rows(table: Table) -> list[str]:
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) not in seen:  # a merged cell repeats in every column it spans
                seen.add(id(cell._tc))
                cells.append(" ".join(cell.text.split()))
        rows.append(" | ".join(c for c in cells if c))
    return rows


def _read_pdf(path: Path, data: bytes) -> str:
    from pypdf import PdfReader  # imported here: slow to import, only PDFs need it

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise fail(path, "is an encrypted PDF; save an unprotected copy and index that")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files
        raise fail(
            path,
            f"is not a readable PDF (corrupt or truncated: {type(exc).__name__}); "
            "re-export it from its source program",
        ) from None
    if not any(p.strip() for p in pages):
        raise fail(
            path,
            "has no text layer (a scanned image?) and OCR is not supported; "
            "run OCR on it first and index the resulting text or .docx",
        )
    return "\n\n".join(unwrap_page(CJK_GAP.sub("", page)) for page in pages)


READERS: dict[str, Callable[[Path, bytes], str]] = {
    ".txt": _read_plain, ".md": _read_plain, ".docx": _read_docx, ".pdf": _read_pdf,
    ".html": _read_html, ".htm": _read_html,
}  # fmt: skip
"""Reader per suffix: ``(path, raw bytes) -> text``; add a format by adding an entry."""
SUPPORTED_SUFFIXES = tuple(READERS)
"""The suffixes drafter reads: ``(".txt", ".md", ".docx", ".pdf", ".html", ".htm")``."""
