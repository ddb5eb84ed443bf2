"""How much drafter reads, parses, drafts and checks: every size limit in one place.

A small file can stand for a huge amount of work: a .docx is a zip whose XML
parts may inflate a thousandfold, a list may start numbering at 10^11, a PDF
may hold thousands of empty pages, and a pasted text may be one 15 MB line.
Each limit here is far above what a real proposal, reply, policy or edited
draft needs, and low enough that what is under it is read, drafted or
checked in seconds, not minutes.  Past a limit, drafter either stops with
one line naming the file and the limit (an ``InputError``, exit 2) or, where
the rest can safely be left out, cuts and says so (a note to the editor).

The readers (:mod:`drafter.ingest.readers`, ``_docx``, ``_html``), the proposal
parser, the pipeline and ``drafter check`` read their limits from this module
when they run (``limits.MAX_…``), so raising one here, in the source or at
run time (``drafter.limits.MAX_PROPOSAL_CHARS = …``), raises it everywhere.
"""

from __future__ import annotations

__all__ = [
    "MAX_CHECK_BYTES",
    "MAX_CHECK_SENTENCES",
    "MAX_DOCX_BLOCKS",
    "MAX_DOCX_UNPACKED_BYTES",
    "MAX_HTML_ELEMENTS",
    "MAX_LIST_NUMBER",
    "MAX_PDF_CONTENT_BYTES",
    "MAX_PDF_PAGES",
    "MAX_PDF_TEXT_CHARS",
    "MAX_PROPOSAL_CHARS",
    "MAX_QUERY_CHARS",
    "MAX_RECOMMENDATIONS",
    "MAX_RECOMMENDATION_CHARS",
    "cut_text",
    "how_many",
]

MAX_DOCX_UNPACKED_BYTES = 64 * 1024 * 1024
"""How much the parts of one .docx may unpack to beyond the file's own size (64 MiB).

The size limit on files applies to the compressed bytes, and XML of repeated
paragraphs compresses a thousandfold: a 427 KB file held 3 million
paragraphs.  A 1,000-page report's XML is about 20 MiB; images are stored
compressed already and unpack to about their own size, so they do not count
against the limit however many there are.  The sizes are read from the zip's
directory before anything is inflated (Python's zip reader never inflates a
part past the size its directory declares).
"""

MAX_DOCX_BLOCKS = 100_000
"""Paragraphs and table cells of one .docx.

A 1,000-page report has about 30,000 paragraphs; past 100,000 a file is not
a document a person wrote, and reading it (style chains, list counters,
table layout) would take minutes.
"""

MAX_LIST_NUMBER = 32_767
"""Largest value of a Word list counter that is written out as Word writes it.

Word itself accepts list starts up to 32,767.  A file may declare more
(10^11 in Roman numerals is a hundred million "M"s per label: 8.5 GB), so a
start is capped here and a counter past it is written in decimal digits.
"""

MAX_PDF_PAGES = 5_000
"""Pages of one PDF whose text is read.

The longest policy compilations run to a few thousand pages; a PDF of empty
pages costs little per page in bytes but several milliseconds per page to
read.
"""

MAX_PDF_CONTENT_BYTES = 64 * 1024 * 1024
"""Unpacked size of the content streams of one PDF's pages (64 MiB).

A page's content is compressed: a 1 MB stream of zeros unpacks to 1 GB
(pypdf stops one stream at 75 MB, but not a file of many such streams), and
pypdf parses content at a few MB a second.  A dense page of text is about
20 KB of content, so 64 MiB is some 3,000 such pages.
"""

MAX_PDF_TEXT_CHARS = 10_000_000
"""Characters of text extracted from one PDF before reading stops (10 million).

A PDF's content streams are compressed: a small file can inflate to hundreds
of MB of text operators (pypdf itself caps one stream at 75 MB).  Ten million
characters is about 5,000 pages of dense Chinese text.
"""

MAX_HTML_ELEMENTS = 500_000
"""Start tags in one HTML page (the page's size is limited by the loader already).

A saved proposal page has a few thousand elements, a long government page
tens of thousands; a 20 MB page of empty ``<p>`` tags (6 million) is
markup, not text, and takes minutes to walk.
"""

MAX_PROPOSAL_CHARS = 1_000_000
"""Characters of one proposal's text.

A Chinese proposal is a few thousand characters; the longest English
committee reports run to about 600,000.  A 15 MB text is not a proposal.
"""

MAX_RECOMMENDATION_CHARS = 4_000
"""Characters of one recommendation used to find evidence and draft its section.

Real recommendations run to a few hundred characters, a long English one to
about 3,000.  Retrieval embeds the recommendation (the embedder reads only
its first 512 tokens, yet costs time for every character given) and the
composer compares every sentence it considers with it: a 100,000-character
recommendation took 203 s.  A longer recommendation is cut at a sentence end
for drafting, and a note asks the editor to read the rest; the parsed
proposal and the draft quote it whole.
"""

MAX_RECOMMENDATIONS = 200
"""Recommendations one draft answers.

A Chinese proposal has up to about 10, an English committee report up to
about 100; each costs a search and a section.  More than 200 means the
numbering found is not a list of recommendations (``drafter parse`` shows
it) or the text should be answered in parts.
"""

MAX_QUERY_CHARS = 4_000
"""Characters of a sentence or free query sent to search (the rest adds nothing)."""

MAX_CHECK_BYTES = 5 * 1024 * 1024
"""Size of an edited draft given to ``drafter check`` (5 MiB).

A drafted reply is tens of kilobytes, a .docx with a pasted logo a few
hundred; a draft's JSON with every passage quoted stays under 1 MiB.
"""

MAX_CHECK_SENTENCES = 1_000
"""Answer sentences ``drafter check`` checks in one draft.

A reply to ten recommendations has about a hundred sentences; each uncited
sentence costs a search of the index.
"""


def how_many(n: int) -> str:
    """A count for a message, with thousands separators ("3,000,000")."""
    return f"{n:,}"


_ENDS = "。！？；!?;\n"


def cut_text(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at a sentence end when one is near.

    Args:
        text: The text to cut.
        limit: The most characters to keep.

    Returns:
        ``text`` itself when it is short enough, else its head ending at the
        last sentence end in the second half of the allowed length (or at
        ``limit`` when there is none).
    """
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = max(head.rfind(". "), *(head.rfind(c) for c in _ENDS))
    return head[: end + 1].rstrip() if end >= limit // 2 else head.rstrip()
