"""Read corpus files into clean text and ``Document`` records.

``read_text`` turns any supported file (.txt/.md in UTF-8, GBK/GB18030 or
UTF-16; .docx; .pdf with a text layer; .html) into clean text: newlines
normalised, page numbers removed, PDF page-break splits repaired
("专项支\\n\\n持" → "专项支持"), letter-spaced CJK joined, full-width ASCII made
half-width.  ``load_document`` adds what is known about the file, from its
``key: value`` header when it has one, else inferred from the text.  Every
problem with a file is an ``InputError`` naming the file, never a traceback.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.errors import InputError
from drafter.ingest.facts import detect_lang, extract_facts
from drafter.types import DocKind, Document

if TYPE_CHECKING:
    from docx.table import Table

__all__ = [
    "MAX_BINARY_BYTES",
    "MAX_TEXT_BYTES",
    "READERS",
    "SUPPORTED_SUFFIXES",
    "clean_text",
    "iter_corpus_files",
    "load_document",
    "read_text",
]

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".html", ".htm")
MAX_TEXT_BYTES = 20 * 1024 * 1024
"""Largest .txt/.md/.html file read; raise it here for bigger documents."""
MAX_BINARY_BYTES = 100 * 1024 * 1024
"""Largest .docx/.pdf file read."""

HEADER_KEYS = frozenset(
    "title kind issuer date source pairs_with partial note proposal_title proposal_number".split()
)
TRUNCATION_MARK = "[... text truncated in the stored copy ...]"

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
_TERMINAL = "。！？；：…”’」』）)】》.!?;:\"'"
_HEADING = re.compile(
    r"^(?:关于建议|建议[一二三四五六七八九十\d]+[：:]|[一二三四五六七八九十]+、|"
    r"[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、](?!\d)|第[一二三四五六七八九十百\d]+[条章节]|"
    r"附件|抄送|联系人|联系电话|尊敬的|Recommendation\s\d)"
)
_TITLE_END = re.compile(
    r"(?:答复|复函|的函|通知|意见|办法|措施|规定|方案|计划|说明|建议|提案|决定|报告|公告)$"
)
_META_LINE = re.compile(
    r"(?:来源|发布时间|更新时间|时间|提案人|提出人|领衔代表|领衔人|附议人|提案号|建议号|编号|案号|"
    r"会议届次|届次|界别|主办单位|会办单位|协办单位|承办单位|交办日期|联系人|联系电话|联系方式|"
    r"办理类别|签发人|抄送)[:：]|(?:委员|代表)$|^.{0,40}第\s?\d{1,12}\s?号"
)
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?|"
    r"\d{1,4}(?:\s*/\s*\d{1,4})?|Page\s\d{1,4}(?:\sof\s\d{1,4})?)$"
)
_SPACED_CJK = re.compile(rf"[{_CJK}{_CJK_PUNCT}](?: [{_CJK}{_CJK_PUNCT}]){{2,}}")
_CJK_GAP = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}]) (?=[{_CJK}{_CJK_PUNCT}])")
_FULLWIDTH = {cp: cp - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
              for cp in range(r[0], r[1] + 1)}  # fmt: skip
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_HEADER_LINE = re.compile(r"^([a-z_]+):[ \t]?(.*)$")
_SIGNATURE = re.compile(
    r"(?:局|委员会|委|办公室|办公厅|政府|厅|部|Council|Department|Office|Ministry)$"
)
_KIND_ALIASES: dict[str, DocKind] = {
    "reply": "reply", "en_response": "reply", "response": "reply",
    "policy": "policy", "proposal": "proposal", "other": "other",
}  # fmt: skip


def _fail(path: Path, message: str) -> InputError:
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
                raise _fail(
                    path,
                    f"starts with a {codec} byte-order mark but is not valid "
                    f"{codec}; re-save it as UTF-8",
                ) from None
    if b"\x00" in data:
        raise _fail(path, "contains NUL bytes: this is binary data, not a text document")
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
        raise _fail(
            path,
            "cannot be decoded as text in any common encoding "
            "(UTF-8, GBK/GB18030, UTF-16); is it a binary file?",
        )
    return str(best)


def _mostly_chinese(text: str) -> bool:
    cjk = len(re.findall(f"[{_CJK}]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return cjk >= 2 and cjk >= 0.2 * (cjk + latin)


def _check_text(path: Path, text: str) -> str:
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\ufffd")
    if bad > max(2, len(text) // 100):
        raise _fail(path, "is mostly undecodable or control characters: binary data, not text")
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
            data = re.sub(rf"(?<=[{_CJK}{_CJK_PUNCT}])\s*\n\s*(?=[{_CJK}{_CJK_PUNCT}])", "", data)
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
        raise _fail(
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
            raise _fail(path, "is an encrypted PDF; save an unprotected copy and index that")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files
        raise _fail(
            path,
            f"is not a readable PDF (corrupt or truncated: {type(exc).__name__}); "
            "re-export it from its source program",
        ) from None
    if not any(p.strip() for p in pages):
        raise _fail(
            path,
            "has no text layer (a scanned image?) and OCR is not supported; "
            "run OCR on it first and index the resulting text or .docx",
        )
    return "\n\n".join(_unwrap(_CJK_GAP.sub("", page)) for page in pages)


def _unwrap(page: str) -> str:
    """Join a PDF page's hard-wrapped lines back into paragraphs.

    A line as wide as the page's widest (within 15%) that does not end a
    sentence runs on into the next line, unless the next line starts a heading.
    """
    lines = [ln.strip() for ln in page.split("\n")]
    lines = [ln for ln in lines if ln and not _PAGE_NUMBER.match(ln)]
    width = max((len(ln) for ln in lines), default=0)
    out: list[str] = []
    full = False
    for line in lines:
        if out and full and not _HEADING.match(line):
            sep = " " if out[-1][-1].isascii() and line[0].isascii() else ""
            out[-1] += sep + line
        else:
            out.append(line)
        full = len(line) >= 0.85 * width and not line.endswith(tuple(_TERMINAL))
    return "\n".join(out)


READERS: dict[str, Callable[[Path, bytes], str]] = {
    ".txt": _read_plain, ".md": _read_plain, ".html": _read_html, ".htm": _read_html,
    ".docx": _read_docx, ".pdf": _read_pdf,
}  # fmt: skip
"""Reader per suffix: ``(path, raw bytes) -> text``; add a format by adding an entry."""


def clean_text(text: str) -> str:
    """Normalise extracted text and repair what page layout broke.

    Normalises newlines and full-width ASCII letters/digits, removes invisible
    characters, indentation and lone page-number lines, joins letter-spaced
    CJK ("专 项 支 持"), and joins a line that stops mid-sentence with its
    continuation after blank lines (a page break) unless either is a heading,
    a title, a salutation or a date line.  Hard-wrapped English lines (a
    line continuing in lower case) are joined too.

    Args:
        text: Raw text from a reader.

    Returns:
        The cleaned text, paragraphs separated by blank lines as in the input.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\u00a0", " ")
    text = text.translate(_INVISIBLE).translate(_FULLWIDTH)
    lines: list[str] = []
    for raw in text.split("\n"):
        line = re.sub(r"[ \t\u3000]+", " ", raw).strip() if raw.strip() else ""
        line = _SPACED_CJK.sub(lambda m: m[0].replace(" ", ""), line)
        if not _PAGE_NUMBER.match(line):
            lines.append(line)
    for n in range(len(lines) - 1, 0, -1):  # hard-wrapped English: "…the report\nfrom the…"
        prev, line = lines[n - 1], lines[n]
        header = _HEADER_LINE.match(line)
        if header and header[1] in HEADER_KEYS:
            continue
        if line[:1].islower() and prev[-1:].isascii() and re.search(r"[A-Za-z,\-]$", prev):
            lines[n - 1] = prev + ("" if prev.endswith("-") else " ") + line
            del lines[n]
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        j = i + 1
        while j < len(lines) and not lines[j]:
            j += 1
        if line and j > i + 1 and j < len(lines) and _continues(line, lines[j]):
            lines[j] = line + (" " if line[-1].isascii() and line[-1].isalpha() else "") + lines[j]
            i = j
            continue
        out.append(line)
        i += 1
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


def _continues(line: str, nxt: str) -> bool:
    """Whether ``nxt`` (after blank lines) continues the sentence ``line`` broke off."""
    if line.endswith(tuple(_TERMINAL)) or len(line) < 10:
        return False
    header = _HEADER_LINE.match(line)
    if header and header[1] in HEADER_KEYS:  # "date: 2022-08-31" ends a metadata block
        return False
    heading = _HEADING.match(line) and len(line) <= 40 and not re.search("[，。；,;]", line)
    if heading or _HEADING.match(nxt) or _TITLE_END.search(line):
        return False
    if _META_LINE.search(line) or _DATE_LINE.match(line) or _DATE_LINE.match(nxt):
        return False
    if nxt.endswith(("：", ":")) and len(nxt) < 40 or len(line) <= 30 and _SIGNATURE.search(line):
        return False  # a salutation follows, or the line is a signature
    if line[-1].isascii() and line[-1].isalpha():
        return nxt[0].islower()
    return bool(re.match(rf"[{_CJK}，、。；：,;:）)”0-9]", nxt[0])) and bool(
        re.search(rf"[{_CJK}0-9A-Za-z，、,]$", line)
    )


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
        stat = path.stat()
    except FileNotFoundError:
        raise _fail(path, "file not found; check the path") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _fail(path, "is a symbolic link loop; point it at a real file") from None
        raise _fail(path, f"cannot be read ({exc.strerror}); check permissions") from None
    if path.is_dir():
        raise _fail(path, "is a directory, not a file; give a file, or index the directory")
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        hint = "; save it as .docx" if suffix in (".doc", ".wps", ".rtf") else ""
        raise _fail(
            path,
            f"unsupported file type '{suffix or path.name}' "
            f"(supported: {', '.join(SUPPORTED_SUFFIXES)}){hint}",
        )
    limit = MAX_BINARY_BYTES if suffix in (".docx", ".pdf") else MAX_TEXT_BYTES
    if stat.st_size > limit:
        raise _fail(
            path,
            f"is {stat.st_size / 2**20:.1f} MB, over the {limit // 2**20} MB limit "
            f"for {suffix} files; split it or raise drafter.ingest.loaders.MAX_*_BYTES",
        )
    if stat.st_size == 0:
        raise _fail(path, "is empty")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror}); check permissions") from None
    text = clean_text(reader(path, data))
    if not text.strip():
        raise _fail(path, "contains no text (only whitespace)")
    return text, data


def _split_header(text: str) -> tuple[dict[str, str], str]:
    lines = text.split("\n")
    header: dict[str, str] = {}
    for n, line in enumerate(lines):
        if not line.strip():
            return (header, "\n".join(lines[n + 1 :])) if header else ({}, text)
        m = _HEADER_LINE.match(line)
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
    title = header.get("title") or _infer_title(body)
    kind = _KIND_ALIASES.get(header.get("kind", "").lower()) or _infer_kind(title, body)
    return Document(
        id=hashlib.sha1(rel.encode("utf-8")).hexdigest()[:12],
        path=rel if root else str(path),
        title=title,
        kind=kind,
        issuer=header.get("issuer") or _infer_issuer(body),
        date=header.get("date") or _infer_date(body),
        lang=detect_lang(body),
        text=body,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _infer_title(body: str) -> str:
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()][:10]
    for line in lines:
        if len(line) <= 150 and re.search(r"^关于.+的(?:答复|复函|函)$|的答复$|答复的函$", line):
            return line
    return lines[0][:150] if lines else ""


def _infer_kind(title: str, body: str) -> DocKind:
    head = body[:600]
    if re.search(r"答复|复函", title) or re.search(r"government response", title + head, re.I):
        return "reply"
    if re.search(r"办法|措施|规定|方案|计划|意见|通知|若干|条例|细则|规划|决定", title):
        return "policy"
    if re.search(r"^\s*第一条", body, re.M):
        return "policy"
    if re.search(r"答复如下|收悉", head):
        return "reply"
    if re.search(r"建议|提案", title):
        return "proposal"
    return "other"


def _infer_issuer(body: str) -> str:
    tail = [ln.strip() for ln in body.split("\n") if ln.strip()][-8:]
    for line in reversed(tail):
        if len(line) <= 40 and _SIGNATURE.search(line) and not re.search(r"[，。,:：]", line):
            return line
    return ""


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
