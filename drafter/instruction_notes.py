"""What a draft does with instructions found in its sources, and what it tells the editor.

``drafter.instructions`` finds a sentence addressed to whoever drafts the reply
(or to a model); ``citable.passage_kind`` makes a passage holding one an
``instruction``, which is never cited.  Around a draft, the same words can
still reach it three ways, each closed here:

- a source's title, heading or issuer, which footnotes, notes and the model's
  evidence lines copy: ``clean_evidence`` takes the instruction out of them;
- a past reply shown to a model for its voice: ``clean_example`` takes the
  instruction's sentence out;
- the passage itself, dropped by retrieval without a word: ``near`` finds the
  instruction passages among a recommendation's candidates so that the
  editor is told of each.

``Found`` records each one; ``notes`` writes one editor's note per source and
place, and the draft names every source once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from drafter import instructions
from drafter.citable import passage_kind
from drafter.index.base import SearchableStore
from drafter.instructions import WITHHELD_EN, WITHHELD_ZH, addressee, neutral
from drafter.types import Evidence, Measure, Source

Place = Literal["title", "heading", "issuer", "text", "example", "proposal"]
_PLACE_ZH = {"title": "标题", "heading": "小标题", "issuer": "发文单位", "text": "正文"}
_PLACE_EN = {"title": "title", "heading": "heading", "issuer": "issuer", "text": "text"}


@dataclass(frozen=True)
class Found:
    """An instruction in a source: where it is, and its words."""

    path: str
    place: Place
    words: str


def _fields(src: Source, lang: str) -> tuple[dict[str, str], list[Found]]:
    """A source's title, heading, issuer and subject without instructions, and what was there."""
    update: dict[str, str] = {}
    found: list[Found] = []
    for name, place in (("title", "title"), ("section", "heading"), ("issuer", "issuer"),
                        ("subject", "title")):
        clean, words = neutral(getattr(src, name), lang)
        if words:
            update[name] = clean
            found.append(Found(src.path, place, words))  # type: ignore[arg-type]
        elif name == "section" and addressee(src.section):
            found.append(Found(src.path, "heading", src.section))
    return update, found


def clean_evidence(e: Evidence, lang: str) -> tuple[Evidence | None, list[Found]]:
    """``e`` with any instruction taken out of its title, heading and issuer, and what was.

    Evidence under a heading that only names an addressee ("Assistant:", "致起草人") is
    that message's body: None comes back instead, and the heading is what was found.
    """
    update, found = _fields(e.source, lang)
    if addressee(e.source.section):
        return None, found
    other, words = neutral(e.superseded_by, lang)
    if not update and not words:
        return e, found
    changes: dict[str, object] = {"source": e.source.model_copy(update=update)}
    if words:
        changes["superseded_by"] = other
    return e.model_copy(update=changes), found


def clean_example(text: str, lang: str) -> tuple[str, list[str]]:
    """A past reply's passage without its sentences addressed to the drafter, and their words."""
    if not instructions.instruction(text):
        return text, []
    kept, words = [], []
    for sentence in re.split(r"(?<=[。；;！？!?\n])|(?<=\. )", text):
        said = instructions.instruction(sentence)
        if said:
            words.append(said)
            kept.append("〔略〕" if lang != "en" else "[…]")
        else:
            kept.append(sentence)
    return "".join(kept), words


def screen(store: SearchableStore, query: str, found: list[Evidence], *, pool: int,
           lang: str, mixed: bool = False, accepts: Callable[[Measure], bool] | None = None
           ) -> tuple[list[Evidence], list[Found]]:
    """A recommendation's evidence made safe to show, and the instructions around it.

    Each piece of evidence is cleaned (``clean_evidence``; what stands under an
    addressee goes), and the instructions among the candidates (``near``) and in
    the recommendation's own text (``query``) are found.
    """
    out, addressed = [], near(store, query, found, pool, accepts, lang, mixed)
    said = instructions.instruction(query)  # the recommendation itself, in the proposer's words
    addressed += [Found("", "proposal", said)] if said else []
    for e in found:
        cleaned, where = clean_evidence(e, lang)
        addressed += where
        out += [cleaned] if cleaned is not None else []
    return out, addressed


def clean_examples(texts: list[str], lang: str, found: list[Found]) -> list[str]:
    """Past replies shown to a model for voice without sentences addressed to the drafter;
    what was taken out is added to ``found``."""
    out = []
    for text in texts:
        clean, words = clean_example(text, lang)
        found.extend(Found("", "example", w) for w in words)
        out.append(clean)
    return out


def near(store: SearchableStore, query: str, found: list[Evidence], pool: int,
         accepts: Callable[[Measure], bool] | None = None, lang: str = "zh",
         mixed: bool = False) -> list[Found]:
    """The instructions among a recommendation's candidates: in a passage's text, its
    document's title or its heading.

    The candidates are the query's best lexical matches and the passages that follow
    each piece of evidence in its document (where an instruction beside a real measure
    stands); no second embedding of the query is needed.

    Args:
        store: The index searched.
        query: The recommendation's text.
        found: The evidence retrieved for it.
        pool: How many lexical matches to look at.
        accepts: A filter's ``accepts`` (a measure → bool), or None for every source.
        lang: The draft's language; sources in another are left out unless ``mixed``.
        mixed: Whether evidence in another language may be cited (``cross_language``).
    """
    candidates = [m for m, _ in store.lexical(query, pool)]
    for e in found:
        candidates += store.following(e.id, FOLLOWING)
    seen: set[str] = set()
    out: list[Found] = []
    for m in candidates:
        if m.id in seen or m.source.kind == "proposal" or (accepts and not accepts(m)) \
                or not mixed and m.lang != lang:
            continue
        seen.add(m.id)
        if passage_kind(m.text, bool(m.facts)) == "instruction":
            out.append(Found(m.source.path, "text", instructions.instruction(m.text)))
        out.extend(_fields(m.source, lang)[1])
    return out


#: Passages after a piece of evidence looked at for an instruction beside it.
FOLLOWING = 3


def notes(heading: str, found: list[Found], lang: str, seen: set[tuple[str, str, str]]
          ) -> list[str]:
    """One editor's note per instruction not already named in this draft (``seen``).

    An instruction taken out of a past reply is named once, by its file where the
    draft names that file's passage too.
    """
    out = []
    for f in sorted(found, key=lambda f: f.place == "example"):
        key = (f.path, f.place, f.words)
        if key in seen or not f.words or f.place == "example" and any(
                words == f.words for _, _, words in seen):
            continue
        seen.add(key)
        out.append(_note(heading, f, lang))
    return out


def _note(heading: str, f: Found, lang: str) -> str:
    if f.place == "proposal":
        return (f"{heading}: the recommendation holds words addressed to whoever drafts the "
                f"reply or to a model (\"{f.words}\"); they were read as its text, not followed."
                if lang == "en" else
                f"{heading}：建议原文含有写给答复起草人或模型的语句（“{f.words}”），已按建议原文"
                "处理，未予照办，请核查。")
    if f.place == "example":
        return (f"{heading}: a past reply shown to the model for its voice held words addressed "
                f"to whoever drafts the reply or to a model (\"{f.words}\"); that sentence was "
                "left out of what the model is shown." if lang == "en" else
                f"{heading}：提供给模型参考的以往答复含有写给答复起草人或模型的指令（“{f.words}”），"
                "该句未提供给模型。")
    if lang == "en":
        done = ("that passage is not cited" if f.place == "text" else
                f"the {_PLACE_EN[f.place]} is shown without it (or as {WITHHELD_EN})")
        return (f"{heading}: the {_PLACE_EN[f.place]} of {f.path} holds words addressed to "
                f"whoever drafts the reply or to a model (\"{f.words}\"); they are data, not "
                f"instructions: {done}. Check that file.")
    done = ("该段未作为措施引用" if f.place == "text" else
            f"引用时{_PLACE_ZH[f.place]}已略去该部分（或显示为{WITHHELD_ZH}）")
    return (f"{heading}：材料 {f.path} 的{_PLACE_ZH[f.place]}含有写给答复起草人或模型的指令"
            f"（“{f.words}”），已按资料处理，{done}，请核查该文件。")
