"""The visible text of an HTML page, as a reader sees it.

A page copied or saved from a proposal platform carries navigation, menus,
scripts, styles, hidden elements and footers around the proposal.  Those are
left out: elements that are never shown (``script``, ``style``, ``hidden``,
``display:none``, ``aria-hidden``), page chrome (``nav``, ``aside``,
``footer``, ARIA roles such as ``navigation``, and classes or ids such as
``menu``, ``breadcrumb``, ``sidebar``, ``copyright``).  When the page marks
its content with ``<main>`` or ``<article>``, only that is read.  Block
elements start new lines, ``<pre>`` keeps its line breaks, and tables are
laid out row by row (see ``clean.table_row``).  A page of more than
``drafter.limits.MAX_HTML_ELEMENTS`` elements is refused.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from drafter import limits
from drafter.errors import InputError
from drafter.ingest.clean import CJK, CJK_PUNCT, table_row
from drafter.limits import how_many

__all__ = ["html_text", "html_title"]

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_NEVER_SHOWN = frozenset(
    "script style noscript template head svg math nav aside footer button select option "
    "iframe object canvas dialog".split()
)
_BLOCK = frozenset(
    "p div br li ul ol dl table caption h1 h2 h3 h4 h5 h6 section article header main "
    "blockquote pre dd dt hr title form fieldset legend address figure figcaption center".split()
)
_CHROME_ROLES = frozenset("navigation banner contentinfo complementary search menu menubar".split())
_CHROME_PARTS = frozenset(
    "nav navbar navigation menu menubar submenu breadcrumb breadcrumbs crumb crumbs footer "
    "sidebar share sharing copyright toolbar topbar banner advert advertisement ads cookie "
    "cookies pagination pager skip skiplink login".split()
)
_HIDDEN_CLASSES = frozenset("hidden hide sr-only visually-hidden d-none invisible".split())
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_PRE_STYLE = re.compile(r"white-space\s*:\s*pre", re.I)
_WRAPPED_CJK = re.compile(rf"(?<=[{CJK}{CJK_PUNCT}])\s*\n\s*(?=[{CJK}{CJK_PUNCT}])")


def _is_hidden_or_chrome(tag: str, attrs: dict[str, str]) -> bool:
    if tag in _NEVER_SHOWN or "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    if _HIDDEN_STYLE.search(attrs.get("style", "")):
        return True
    if attrs.get("role", "").lower() in _CHROME_ROLES:
        return True
    tokens = f"{attrs.get('class', '')} {attrs.get('id', '')}".lower().split()
    if any(token in _HIDDEN_CLASSES for token in tokens):
        return True
    return any(part in _CHROME_PARTS for token in tokens for part in re.split(r"[-_]", token))


def _deeper(state: tuple[str, int], tag: str, step: int) -> tuple[str, int] | None:
    """Track the nesting of the element ``state`` names: ``None`` once it has closed."""
    name, depth = state
    if tag != name:
        return state
    return (name, depth + step) if depth + step > 0 else None


class _Row:
    """The cells of an open table row, each as the text pieces written into it."""

    def __init__(self) -> None:
        self.cells: list[list[str]] = []


class _Visible(HTMLParser):
    """Collect the visible text of a page, keeping a separate copy of its main part."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.main_parts: list[str] = []
        self.skip: tuple[str, int] | None = None  # the element being skipped, and its depth
        self.main: tuple[str, int] | None = None  # the <main>/<article> being read, and its depth
        self.pre: tuple[str, int] | None = None  # the element that keeps line breaks
        self.tables: list[_Row | None] = []  # per open table, its open row
        self.elements = 0  # start tags seen

    def _out(self, text: str) -> None:
        for row in reversed(self.tables):
            if row is not None and row.cells:
                row.cells[-1].append(text)
                return
        self.parts.append(text)
        if self.main:
            self.main_parts.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements += 1
        if self.elements > limits.MAX_HTML_ELEMENTS:
            raise InputError(
                f"has more than {how_many(limits.MAX_HTML_ELEMENTS)} HTML elements "
                "(drafter.limits.MAX_HTML_ELEMENTS): it is markup, not a document; save the "
                "page's text, or split it"
            )
        if self.skip:
            self.skip = _deeper(self.skip, tag, 1)
            return
        values = {name: value or "" for name, value in attrs}
        if tag not in _VOID and _is_hidden_or_chrome(tag, values):
            self.skip = (tag, 1)
            return
        if self.main:
            self.main = _deeper(self.main, tag, 1)
        elif tag in ("main", "article") or values.get("role") == "main":
            self.main = (tag, 1)
        if self.pre:
            self.pre = _deeper(self.pre, tag, 1)
        elif tag in ("pre", "textarea") or _PRE_STYLE.search(values.get("style", "")):
            self.pre = None if tag in _VOID else (tag, 1)
        if tag == "table":
            self.tables.append(None)
        elif tag == "tr":
            self._end_row()
            if not self.tables:
                self.tables.append(None)
            self.tables[-1] = _Row()
        elif tag in ("td", "th") and self.tables:
            row = self.tables[-1] or _Row()
            row.cells.append([])
            self.tables[-1] = row
        elif tag in _BLOCK:
            self._out("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            self.skip = _deeper(self.skip, tag, -1)
            return
        if tag == "tr":
            self._end_row()
        elif tag == "table" and self.tables:
            self._end_row()
            self.tables.pop()
        elif tag in _BLOCK:
            self._out("\n")
        if self.pre:
            self.pre = _deeper(self.pre, tag, -1)
        if self.main:
            self.main = _deeper(self.main, tag, -1)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre:
            self._out(re.sub(r"[ \t\r\f\v]+", " ", data))
        else:
            self._out(re.sub(r"\s+", " ", _WRAPPED_CJK.sub("", data)))

    def _end_row(self) -> None:
        if not self.tables or self.tables[-1] is None:
            return
        row, self.tables[-1] = self.tables[-1], None
        cells = [[line.strip() for line in "".join(cell).split("\n")] for cell in row.cells]
        lines = table_row(cells)
        if lines:
            self._out("\n" + "\n".join(lines) + "\n")

    def close(self) -> None:
        super().close()
        while self.tables:
            self._end_row()
            self.tables.pop()


def html_text(markup: str) -> str:
    """The visible text of an HTML page, one block per line.

    Args:
        markup: The page's HTML, decoded.

    Returns:
        Its visible text (only the ``<main>``/``<article>`` part when the
        page has one with text), one paragraph, heading or table row per
        line, blank lines dropped.

    Raises:
        InputError: The page has more than ``MAX_HTML_ELEMENTS`` elements (no
            path: the reader adds it).
    """
    parser = _Visible()
    parser.feed(markup)
    parser.close()
    main = "".join(parser.main_parts)
    text = main if main.strip() else "".join(parser.parts)
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)


def html_title(markup: str) -> str:
    """The page's <title>, unescaped and on one line ("" when it has none).

    Args:
        markup: The page's HTML, decoded.

    Returns:
        The title text.
    """
    m = _TITLE.search(markup[:200_000])
    return re.sub(r"\s+", " ", unescape(m.group(1))).strip() if m else ""
