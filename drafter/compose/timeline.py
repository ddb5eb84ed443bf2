"""Time in evidence: targets are not results, the newest status wins, passed deadlines are noted.

Offices report the same programme year after year ("2022年以来已选派112人次",
then "三年累计选派180人次"), and a plan states targets ("到2025年，入驻企业达到200家")
that read like results once copied into a reply.  Before a section is
composed, an older status of a programme that a newer passage reports with
other figures is dropped (and noted for the editor); a target is a plan,
whatever its verb; and a target whose year has passed is noted.
"""

from __future__ import annotations

import re

from drafter._genre import book
from drafter._text import overlap
from drafter.citable import is_plan
from drafter.types import Evidence

#: Wording two passages share, numbers aside, when they report on one programme.
SAME_PROGRAMME = 0.6
_NUMBERS = re.compile(r"[\d０-９.,，%]+|"
                      r"[一二三四五六七八九十百千万亿两]+(?=[个家所人名项条次万亿元])")
#: A section of a plan that states targets ("二、发展目标", "Targets", "主要目标").
_TARGET_SECTION = re.compile(r"目标|预期|指标|(?i:\btargets?\b|\bobjectives?\b|\baims?\b)")
#: A dated target in a sentence: "到2025年", "2025年底前", "力争2027年", "by 2025".
_DUE = re.compile(r"(?:到|至|力争|争取|计划|预计|于)\s?(20\d\d)\s?年|"
                  r"(20\d\d)\s?年(?:底|末)?(?:前|以前)|\bby (?:the end of )?(20\d\d)\b", re.I)
_KEY_FACTS = ("money", "percent", "count")


def is_target(ev: Evidence) -> bool:
    """True for a target of a plan: a dated goal, or a passage under a plan's targets heading."""
    if _DUE.search(ev.text):
        return True
    return ev.source.kind == "policy" and bool(_TARGET_SECTION.search(ev.source.section))


def is_later(ev: Evidence, lang: str) -> bool:
    """True when the passage says what will be done (a plan or a target), not what was done."""
    return is_plan(ev.text, lang) or is_target(ev)


def due_year(text: str) -> int | None:
    """The year a target is due by ("到2025年…" → 2025), if the text states one."""
    m = _DUE.search(text)
    return int(next(g for g in m.groups() if g)) if m else None


def target_due(ev: Evidence) -> int | None:
    """The year a target passage is due by: its own "到2025年", else its plan's last year."""
    year = due_year(ev.text)
    if year is None and is_target(ev):
        years = re.findall(r"20\d\d", ev.source.title)
        year = int(years[-1]) if years else None
    return year


def _figures(ev: Evidence) -> frozenset[str]:
    return frozenset(f.value for f in ev.facts if f.kind in _KEY_FACTS)


def same_programme(a: Evidence, b: Evidence) -> bool:
    """True when two passages report the same programme with different figures.

    Either their wording, numbers aside, nearly coincides, or it overlaps a good
    deal and both count the same thing ("试点学校12所" / "20所试点学校") differently.
    """
    fa, fb = _figures(a), _figures(b)
    if not fa or not fb or fa == fb:
        return False
    shared = overlap(_NUMBERS.sub("", a.text), _NUMBERS.sub("", b.text))
    if shared >= SAME_PROGRAMME:
        return True
    return shared >= SAME_SUBJECT and bool(_counted(a) & _counted(b) - (_counted(a, True)
                                                                        & _counted(b, True)))


#: Wording shared by two passages that count the same thing.
SAME_SUBJECT = 0.35
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def _counted(ev: Evidence, with_value: bool = False) -> frozenset[str]:
    """What the passage counts: "所:试点" for "试点学校12所" (with the value: "所:试点:12")."""
    out = set()
    for f in ev.facts:
        if f.kind != "count" or not f.text:
            continue
        unit = f.text[-1]
        around = ev.text[max(0, f.start - 8): f.start] + ev.text[f.end: f.end + 8]
        for word in _CJK_RUN.findall(around):
            for i in range(len(word) - 1):
                out.add(f"{unit}:{word[i:i + 2]}" + (f":{f.value}" if with_value else ""))
    return frozenset(out)


def newest_status(evidence: list[Evidence]) -> tuple[list[Evidence], list[tuple[Evidence,
                                                                                Evidence]]]:
    """The evidence without older statuses that a newer passage supersedes.

    Returns the kept evidence in order, and (dropped, newer) pairs for the
    editor.  Passages of unknown or equal date are both kept.
    """
    dropped: list[tuple[Evidence, Evidence]] = []
    kept: list[Evidence] = []
    for ev in evidence:
        newer = next((o for o in evidence if o is not ev and o.source.date and ev.source.date
                      and o.source.date[:10] > ev.source.date[:10] and same_programme(ev, o)),
                     None)
        if newer is not None:
            dropped.append((ev, newer))
        else:
            kept.append(ev)
    return kept, dropped


def status_note(heading: str, old: Evidence, new: Evidence, lang: str) -> str:
    """The editor's note on an older status left out."""
    if lang == "en":
        return (f"{heading}: an older figure from {old.source.title} ({old.source.date}) was "
                f"left out; {new.source.title} ({new.source.date}) reports it differently.")
    return (f"{heading}：较早的{book(old.source.title)}（{old.source.date}）所述“{old.text[:40]}…”"
            f"与较新的{book(new.source.title)}（{new.source.date}）数字不同，已略去，请核实最新进展。")
