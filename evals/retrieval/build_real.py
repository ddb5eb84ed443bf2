"""Build ``real.jsonl``: the real replies' sections as retrieval queries.

A published reply answers a proposal section by section under headings
("一、关于实施中小企业数字化赋能专项行动", "（二）针对…"); a UK Government
response quotes each committee recommendation ("Recommendation 2. …") and
answers it in the paragraphs that follow.  Each such section becomes one
golden item: the heading (or the quoted recommendation) is the query, and the
section's paragraphs are the gold passages (``unit: "line"``: a paragraph is
named by its first characters and stands for the whole line).  Besides, each
reply whose proposal's title the manifest gives becomes one item for the
proposal as a whole: the title is the query, and the reply's first paragraphs
after its opening ("……收悉，现答复如下") are the gold, which is what an office
receiving the same proposal again would want found.

A numbered line that is itself a long measure ("一、我局已督促个旧公交公司…")
is not a heading; the reply then answers a single recommendation with a list,
and there is no heading to query with.  Those replies give no items.  Such a
line also closes the section before it: web copies that lost a heading's full
stop ("二、鼓励提质扩点积极营造夜间消费氛围丰富城市…") cannot be told from a
measure, so they end a section without opening one.  Generic headings
("意见建议采纳落实情况") name no topic to search for and are left out.

Run from the repository root (writes ``evals/retrieval/real.jsonl``)::

    python evals/retrieval/build_real.py [../shared/data/real]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from drafter.ingest import load_document

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT.parent / "shared" / "data" / "real"
OUT = Path(__file__).resolve().parent / "real.jsonl"

_NUM = "一二三四五六七八九十"
_ZH_HEAD = re.compile(rf"^(?:[{_NUM}]{{1,3}}[、．.]|（[{_NUM}]{{1,3}}）)\s*(.+)$")
_EN_HEAD = re.compile(r"^(?:\d+\.\s+)?Recommendation \d+[.:]?\s+(.+)$")
_OPENING = re.compile(r"收悉|答复如下|函复如下|如下(?:办理|主办|协办)?意见")
_CLOSING = re.compile(
    r"^(?:再次|衷心|非常)?感谢|^以上|^此复|^联系人|^附件|^Yours|^\d{4}年\d{1,2}月")
_GENERIC = re.compile(
    r"^(?:意见建议|提案|建议)?(?:采纳|落实|办理)+情况$|^(?:基本|有关)情况$|^下一步")
_COURTESY = re.compile(r"感谢|希望(?:以后|今后|您)|如(?:果)?(?:您|你)对")
_META = re.compile(r"[（(][^（()）]*(?:代表|委员|第.{1,12}号|提案|议案)[^（()）]*[)）]$")
MAX_HEADING = 40  # characters of a heading line; a longer numbered line is a measure
MAX_GOLD = 6  # paragraphs of a section that are labelled
MIN_PARAGRAPH = {"zh": 20, "en": 60}


def _snippet(text: str, line: str) -> str:
    """The shortest start of ``line`` (at least 24 characters) that occurs once in ``text``."""
    for n in range(24, len(line) + 1, 8):
        if text.count(line[:n]) == 1:
            return line[:n]
    return line


def _zh_heading(line: str) -> tuple[str, str] | None:
    """(heading, rest of the line) for a numbered line: ("", "") when it is no heading."""
    m = _ZH_HEAD.match(line)
    if not m:
        return None
    rest = m[1]
    head, dot, tail = rest.partition("。")
    if len(head) > MAX_HEADING or _GENERIC.search(head):
        return "", ""
    return (head, tail) if dot else (rest, "")


def sections(text: str, lang: str) -> list[tuple[str, list[str]]]:
    """(query, gold paragraphs) for each section of a reply's text."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    found: list[tuple[str, list[str]]] = []
    current: tuple[str, list[str]] | None = None
    for line in lines:
        if lang == "zh":
            head = _zh_heading(line)
            opens = head is not None
            query, inline = head if head else ("", "")
        else:
            m = _EN_HEAD.match(line)
            opens, query, inline = m is not None, (m[1] if m else ""), ""
        if opens and not query:
            current = None
        elif opens:
            current = (query, [line] if len(inline) >= MIN_PARAGRAPH[lang] else [])
            found.append(current)
        elif _CLOSING.search(line):
            current = None
        elif current is not None and len(line) >= MIN_PARAGRAPH[lang]:
            if lang == "en" and len(line) < 120 and not line.endswith("."):
                current = None  # a subheading: the next part of the response
                continue
            if len(current[1]) < MAX_GOLD:
                current[1].append(line)
    return [(q, gold) for q, gold in found if gold]


def answer(text: str) -> list[str]:
    """A Chinese reply's first substantive paragraphs after its opening."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    start = next((n + 1 for n, ln in enumerate(lines[:20]) if _OPENING.search(ln)), None)
    gold: list[str] = []
    for line in lines[start:] if start is not None else []:
        if _CLOSING.search(line) or len(gold) == MAX_GOLD:
            break
        head = _zh_heading(line)
        if _COURTESY.search(line) or (head and head[0] and not head[1]):
            continue  # thanks and hopes, or a bare heading: nothing to find
        if len(line) >= MIN_PARAGRAPH["zh"]:
            gold.append(line)
    return gold


def _item(id_: str, lang: str, query: str, rel: str, text: str, gold: list[str],
          note: str) -> dict[str, object]:
    return {
        "id": id_, "lang": lang, "query": query,
        "gold": [{"doc": rel, "snippet": _snippet(text, g), "unit": "line"} for g in gold],
        "note": note,
    }  # fmt: skip


def build(real: Path) -> list[dict[str, object]]:
    """The golden items of every reply and response under ``real``."""
    manifest = {e["file"]: e for e in json.loads((real / "manifest.json").read_text("utf-8"))}
    items: list[dict[str, object]] = []
    files = sorted((real / "reply").glob("*.txt")) + sorted((real / "en_response").glob("*.txt"))
    for path in files:
        doc = load_document(path)
        rel = path.relative_to(real).as_posix()
        title = _META.sub("", (manifest.get(rel) or {}).get("proposal_title") or "").strip()
        title = "" if title.startswith(("（", "(")) else title
        gold = answer(doc.text) if title and doc.lang == "zh" else []
        if gold:
            items.append(_item(f"{path.stem}-0", doc.lang, title, rel, doc.text, gold,
                               f"the proposal answered by {rel}"))
        for n, (query, gold) in enumerate(sections(doc.text, doc.lang), 1):
            items.append(_item(f"{path.stem}-{n}", doc.lang, query, rel, doc.text, gold,
                               f"section {n} of {rel}"))
    return items


def main() -> None:
    real = Path(sys.argv[1]) if len(sys.argv) > 1 else REAL
    items = build(real)
    OUT.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items),
                   encoding="utf-8")
    print(f"{len(items)} items from {len({i['gold'][0]['doc'] for i in items})} files -> {OUT}")


if __name__ == "__main__":
    main()
