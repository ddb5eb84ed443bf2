"""One reader per file format: raw bytes in, raw text out.

A reader is ``(path, data) -> text``; ``READERS`` maps a suffix to its reader.
Plain text is decoded from UTF-8, GBK/GB18030 or UTF-16 (BOMs first, then
charset-normalizer); Markdown loses its markup; .docx gives paragraphs,
list labels and tables in document order; .pdf its text layer (pypdf) without
running headers and page numbers; .html its visible text.  ``reader_for``
looks at the bytes too, so a PDF named .txt is read as a PDF and an old
binary .doc gets a message saying what to do.  The text still needs
``clean_text``.  Every problem is an ``InputError`` naming the file.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from drafter import limits
from drafter.errors import InputError
from drafter.ingest._docx import docx_text, docx_title
from drafter.ingest._html import html_text, html_title
from drafter.ingest.clean import CJK, CJK_GAP, strip_running_lines, table_row, unwrap_page
from drafter.limits import how_many

if TYPE_CHECKING:
    from pypdf import PdfReader

__all__ = [
    "READERS",
    "SUPPORTED_SUFFIXES",
    "TEXT_SUFFIXES",
    "fail",
    "metadata_title",
    "reader_for",
    "sniff",
]

Reader = Callable[[Path, bytes], str]

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
"""Suffixes of formats read as text (their size limit is ``MAX_TEXT_BYTES``)."""
_MAGIC = (
    (b"%PDF-", ".pdf"), (b"PK\x03\x04", ".zip"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".ole"),
    (b"{\\rtf", ".rtf"), (b"\x89PNG", ".png"), (b"\xff\xd8\xff", ".jpg"), (b"GIF8", ".gif"),
    (b"II*\x00", ".tif"), (b"MM\x00*", ".tif"),
)  # fmt: skip
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html[\s>]|\?xml[^>]*>\s*<html)", re.I
)
_IMAGES = (".png", ".jpg", ".gif", ".tif", ".bmp", ".jpeg", ".tiff", ".webp", ".heic")
_MESSAGES = {
    ".ole": "is an old binary Office file (.doc/.xls/.ppt) or a password-protected document, "
    "which drafter cannot read; save it as .docx without a password",
    ".rtf": "is an RTF document, which drafter cannot read; save it as .docx",
    ".image": "is an image, and OCR is not supported; run OCR on it first and give drafter "
    "the resulting text or .docx",
}


def fail(path: Path, message: str) -> InputError:
    """The ``InputError`` for a problem with ``path``."""
    return InputError(message, path=str(path))


def sniff(head: bytes) -> str:
    """What a file is by its first bytes, whatever its name says.

    Args:
        head: The file's first bytes (a few hundred are enough).

    Returns:
        ".pdf", ".zip" (a .docx is one), ".ole" (old binary Office), ".rtf",
        ".html", an image suffix such as ".png", or "" when the bytes say
        nothing (plain text, or something unknown).
    """
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return ".html" if _HTML_START.match(head[:1024]) else ""


def reader_for(path: Path, data: bytes) -> Reader:
    """The reader for a file, by its content first and then by its suffix.

    Args:
        path: The file (its suffix and, for messages, its name).
        data: The file's bytes, or at least its first few hundred.

    Returns:
        The reader to run on the whole file.

    Raises:
        InputError: The file is in a format drafter cannot read: the message
            says which and what to do.
    """
    suffix = path.suffix.lower()
    kind = sniff(data[:1024])
    if kind == ".pdf":
        return READERS[".pdf"]
    if kind == ".zip":
        if suffix == ".docx" or b"word/document.xml" in data:
            return READERS[".docx"]
        raise fail(path, "is a ZIP archive, not a document; unpack it and give drafter the "
                   f"document inside ({', '.join(SUPPORTED_SUFFIXES)})")  # fmt: skip
    if kind in _MESSAGES:
        raise fail(path, _MESSAGES[kind])
    if kind in _IMAGES or suffix in _IMAGES:
        raise fail(path, _MESSAGES[".image"])
    if kind == ".html" and suffix not in (".docx", ".pdf"):
        return READERS[".html"]
    if suffix in READERS:
        return READERS[suffix]
    hint = "; save it as .docx" if suffix in (".doc", ".wps", ".rtf", ".odt", ".pages") else ""
    raise fail(
        path,
        f"unsupported file type '{suffix or path.name}' "
        f"(supported: {', '.join(SUPPORTED_SUFFIXES)}){hint}",
    )


def _decode(path: Path, data: bytes) -> str:
    """Decode text bytes: BOMs, UTF-16 without BOM, UTF-8, GB18030, else a guess."""
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
        try:  # stray NUL bytes in a text file (a damaged copy), or ASCII in UTF-16
            return data.replace(b"\x00", b"").decode("utf-8")
        except UnicodeDecodeError:
            pass
        text = _utf16_without_bom(data)
        if text is None:
            raise fail(
                path, "contains NUL bytes and is not text: this is binary data, not a document"
            )
        return text
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
        private = len(_PRIVATE_USE.findall(text))  # GB18030 maps its unused codes there
        plausible = private <= len(text) // 200
        if text and plausible and (guess.startswith(("gb", "hz")) or _mostly_chinese(text)):
            return text
    if best is None or guess.startswith(("utf_16", "utf_32")) or best.chaos > 0.3:
        raise fail(
            path,
            "cannot be decoded as text in any common encoding "
            "(UTF-8, GBK/GB18030, UTF-16); is it a binary file?",
        )
    return str(best)


def _utf16_without_bom(data: bytes) -> str | None:
    """Text in UTF-16 without a byte-order mark, or ``None`` when it is not that.

    Read the right way round, real text is nearly all common characters (CJK,
    ASCII, punctuation) and has spaces or line breaks; read the wrong way
    round, and binary data either way, it has not.
    """
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        common = len(text) - len(_COMMON.sub("", text))
        if common >= 0.97 * len(text) and ("\n" in text or " " in text):
            return text
    return None


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")  # not tabs, line or page breaks
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_COMMON = re.compile(
    "[\t\n\r\f\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
)


def _mostly_chinese(text: str) -> bool:
    cjk = len(re.findall(f"[{CJK}]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return cjk >= 2 and cjk >= 0.2 * (cjk + latin)


def _check_text(path: Path, text: str) -> str:
    bad = len(_CONTROL.findall(text))
    if bad > max(2, len(text) // 100):
        raise fail(path, "is mostly undecodable or control characters: binary data, not text")
    return text


def _read_plain(path: Path, data: bytes) -> str:
    return _check_text(path, _decode(path, data))


_MD_DROP = re.compile(  # fences, rules, underlines, table separators, bare markers
    r"^[ \t]*(?:`{3,}.*|~{3,}.*|(?:[-*_=][ \t]*){3,}|\|?[ \t]*:?-{3,}:?[ \t]*(?:\|.*)?"
    r"|[-*+>#|]+)[ \t]*$"
)
# Each pattern stops at the next opening of its own kind, so a line of a million
# unclosed "**" or "[" costs one pass, not a million.
_MD_RULES: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^[ \t]{0,3}#{1,6}(.*)$", re.M),  # headings, without their closing #s
     lambda m: m[1].strip(" \t").rstrip("#").rstrip(" \t")),
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),  # block quotes
    (re.compile(r"^[ \t]*[-*+][ \t]+(?=\S)", re.M), ""),  # bullets ("1." lists keep their numbers)
    (re.compile(r"!?\[([^\[\]\n]*)\]\([^()\n]*\)"), r"\1"),  # links and images: their text
    (re.compile(r"\*\*(?=\S)((?:[^*\n]|\*(?!\*))+?)(?<=\S)\*\*"), r"\1"),  # bold
    (re.compile(r"__(?=\S)((?:[^_\n]|_(?!_))+?)(?<=\S)__"), r"\1"),
    (re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])"), r"\1"),  # italics
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])"), r"\1"),  # escapes
]


def _drop_comments(text: str) -> str:
    """Text without its ``<!-- … -->`` comments (an unclosed one is left as it is)."""
    out: list[str] = []
    at = 0
    while (start := text.find("<!--", at)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break  # no comment after this one can close either
        out.append(text[at:start])
        at = end + 3
    out.append(text[at:])
    return "".join(out)


def _read_markdown(path: Path, data: bytes) -> str:
    """Markdown as the text a reader sees: markup removed, tables laid out as rows."""
    text = _check_text(path, _decode(path, data)).replace("\r\n", "\n")
    lines: list[str] = []
    for line in text.split("\n"):
        if _MD_DROP.match(line):
            continue
        if line.strip().startswith("|") and line.strip().endswith("|"):
            cells = [[cell.strip()] for cell in line.strip()[1:-1].split("|")]
            lines.extend(table_row(cells))
        else:
            lines.append(line)
    text = _drop_comments("\n".join(lines))
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return text


def _read_html(path: Path, data: bytes) -> str:
    try:
        return _check_text(path, html_text(_decode(path, data)))
    except InputError as exc:
        raise exc if exc.path else fail(path, str(exc)) from None


def _read_docx(path: Path, data: bytes) -> str:
    try:
        return docx_text(data)
    except InputError as exc:  # over a limit of drafter.limits
        raise fail(path, str(exc)) from None
    except Exception as exc:  # zip, XML and package errors of a damaged file
        raise fail(
            path,
            f"is not a readable .docx file (corrupt or truncated: "
            f"{type(exc).__name__}); open and re-save it in Word or WPS",
        ) from None


def _read_pdf(path: Path, data: bytes) -> str:
    from pypdf import PdfReader  # imported here: slow to import, only PDFs need it
    from pypdf.errors import LimitReachedError

    logger = logging.getLogger("pypdf")
    if not logger.handlers:  # pypdf's warnings on damaged files would reach stderr
        logger.addHandler(logging.NullHandler())
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except Exception:  # a cipher pypdf cannot open
                    opened = 0
                if not opened:
                    raise fail(path, "is an encrypted PDF; save an unprotected copy and use that")
            pages = _pdf_pages(path, reader)
    except InputError:
        raise
    except LimitReachedError:
        raise fail(path, "holds a compressed stream that unpacks to more than pypdf reads "
                   "(75 MB); it is not a document a person wrote: re-export it") from None
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
            "run OCR on it first and give drafter the resulting text or .docx",
        )
    text = "".join(pages)
    unreadable = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cn"))
    unreadable -= sum(text.count(ch) for ch in "\t\n\r\f")
    if unreadable > len(text.strip()) // 4:
        raise fail(
            path,
            "has a text layer that cannot be read (its fonts carry no Unicode mapping) "
            "and OCR is not supported; re-export the PDF or run OCR on it",
        )
    pages = strip_running_lines([CJK_GAP.sub("", page) for page in pages])
    return "\n\n".join(unwrap_page(page) for page in pages)


def _pdf_pages(path: Path, reader: PdfReader) -> list[str]:
    """The text of each page, within the limits of :mod:`drafter.limits` on pages and size.

    A page's content is unpacked (and kept by pypdf) before its text is read,
    so a small file whose streams unpack to gigabytes stops at the limit.
    """
    count = len(reader.pages)
    if count > limits.MAX_PDF_PAGES:
        raise fail(path, f"has {how_many(count)} pages, over the {how_many(limits.MAX_PDF_PAGES)} "
                   "drafter reads (drafter.limits.MAX_PDF_PAGES); split it")
    pages: list[str] = []
    content = chars = 0
    for page in reader.pages:
        stream = page.get_contents()
        content += len(stream.get_data()) if stream is not None else 0
        if content > limits.MAX_PDF_CONTENT_BYTES:
            raise fail(path, f"has pages whose content unpacks to over "
                       f"{how_many(limits.MAX_PDF_CONTENT_BYTES // 2**20)} MB "
                       "(drafter.limits.MAX_PDF_CONTENT_BYTES); split it or re-export it")
        pages.append(page.extract_text() or "")
        chars += len(pages[-1])
        if chars > limits.MAX_PDF_TEXT_CHARS:
            raise fail(path, f"has more than {how_many(limits.MAX_PDF_TEXT_CHARS)} characters of "
                       "text (drafter.limits.MAX_PDF_TEXT_CHARS); split it")
    return pages


READERS: dict[str, Reader] = {
    ".txt": _read_plain, ".md": _read_markdown, ".docx": _read_docx, ".pdf": _read_pdf,
    ".html": _read_html, ".htm": _read_html,
}  # fmt: skip
"""Reader per suffix: ``(path, raw bytes) -> text``; add a format by adding an entry."""
SUPPORTED_SUFFIXES = tuple(READERS)
"""The suffixes drafter reads: ``(".txt", ".md", ".docx", ".pdf", ".html", ".htm")``."""


def metadata_title(path: Path, data: bytes) -> str:
    """The title a file's metadata gives: a .docx's core title, a PDF's, an HTML <title>.

    Args:
        path: The file (its suffix decides between HTML and plain text).
        data: Its bytes.

    Returns:
        The title as stored, or "" when the format has none, the file sets
        none, or it cannot be read (the text itself has been read already).
    """
    kind = sniff(data[:1024])
    try:
        if kind == ".zip":
            return docx_title(data)
        if kind == ".pdf":
            return _pdf_title(data)
        if kind == ".html" or path.suffix.lower() in (".html", ".htm"):
            return html_title(_decode(path, data))
    except Exception:  # metadata is optional: a damaged part leaves the title to the text
        return ""
    return ""


def _pdf_title(data: bytes) -> str:
    from pypdf import PdfReader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        meta = PdfReader(io.BytesIO(data)).metadata
    return str(meta.title or "").strip() if meta is not None else ""
