"""Sections → DraftReply: the frame of an official reply around the answers.

Chinese: title (关于…的答复), salutation (尊敬的X委员：/ X代表：), an opening
that thanks the proposers and names the proposal and its number, one section
per recommendation (关于建议一：…), a closing, the issuing body and the date.
English: the same structure as a letter.  Every fact in the frame comes from
the proposal itself; the issuing body and date come from settings.
"""

from __future__ import annotations

import datetime as dt
import re

import cn2an

from drafter._genre import book
from drafter._safe_text import redact_text
from drafter.citable import is_plan
from drafter.compose.timeline import target_due
from drafter.frame import frame_en as _frame_en
from drafter.frame import frame_zh as _frame_zh
from drafter.types import DraftReply, Evidence, Proposal, Recommendation, Section

PLACEHOLDER_ISSUER_ZH = "【承办单位】"
#: A sentence that states a plan (the composer opens plans with 下一步 / 同时).
_PLAN = re.compile(r"^同时，|下一步|下阶段|\bwill\b|\bplans? to\b")
PLACEHOLDER_ISSUER_EN = "[Responding body]"


def section_heading(number: int, lang: str, topic: str = "") -> str:
    """The heading that opens the answer to recommendation ``number``.

    "关于建议一" by default; with the recommendation's ``topic``, the heading
    ministries and many offices write: "一、关于加大中小企业融资支持力度".
    """
    if lang == "en":
        return f"Recommendation {number}"
    if topic:
        return f"{cn2an.an2cn(number)}、{topic if topic.startswith('关于') else '关于' + topic}"
    return f"关于建议{cn2an.an2cn(number)}"


#: The lead of a recommendation that names its topic: "完善中小企业融资支持体系。…".
_TOPIC_LEAD = re.compile(r"^([^。；：:！？\n，,]{4,30}?)(?:[。；：:！？\n]|$)")
_ASK = re.compile(r"^(?:建议|要|应当?|希望|请求?|恳请|进一步)")


def topic_of(text: str) -> str:
    """The topic a recommendation's own lead names ("" when it opens with a full sentence)."""
    m = _TOPIC_LEAD.match(text.strip())
    if not m:
        return ""
    topic = _ASK.sub("", m[1].strip()).rstrip("的")
    return topic if len(topic) >= 4 else ""


def headings(recs: list[Recommendation], lang: str, style: str) -> dict[int, str]:
    """Each recommendation's section heading in the configured style.

    ``jianyi``: 关于建议一; ``topic``: 一、关于<topic> where the recommendation names one;
    ``auto``: topic headings when every recommendation names its topic, else 关于建议一.
    """
    topics = {r.number: topic_of(r.text) for r in recs} if lang == "zh" else {}
    if style == "jianyi" or (style == "auto" and not all(topics.values())):
        topics = {}
    return {r.number: section_heading(r.number, lang, topics.get(r.number, "")) for r in recs}


def _stale_plans(sections: list[Section], evidence: dict[str, Evidence], day: dt.date,
                 lang: str) -> list[str]:
    """Notes on plans ("下一步", "will") quoted from documents a year old or more.

    Both must be plans: the sentence, and the passage it cites (a sentence that
    announces a next step from a measure already carried out quotes no plan).
    """
    notes = []
    for s in sections:
        for sent in s.sentences:
            for c in sent.citations:
                ev = evidence.get(c)
                due = target_due(ev) if ev is not None else None
                if due is not None and due < day.year:
                    notes.append(
                        f"{s.heading}: a target due by {due} is quoted from {ev.source.title}; "
                        "the date has passed: state what was achieved instead."
                        if lang == "en" else
                        f"{s.heading}：所引{book(ev.source.title)}的目标期限（{due}年）已过，"
                        "请核实完成情况后改写。")
            if not _PLAN.search(sent.text):
                continue
            for c in sent.citations:
                ev = evidence.get(c)
                if (ev is None or not ev.source.date[:4].isdigit()
                        or not is_plan(ev.text, lang)):
                    continue
                if day.year - int(ev.source.date[:4]) >= 1:
                    notes.append(
                        f"{s.heading}: a plan quoted from {ev.source.date} ({ev.source.title}) "
                        "may have been carried out since; state its progress instead."
                        if lang == "en" else
                        f"{s.heading}：所引“下一步”等计划出自{ev.source.date}的{book(ev.source.title)}，"
                        "可能已经落实，请核实进展后改写。")
    return notes


def _superseded(sections: list[Section], evidence: dict[str, Evidence], lang: str
                ) -> list[str]:
    """Notes on measures cited from a policy that a newer one of the same title replaced."""
    notes = []
    for s in sections:
        seen: set[str] = set()
        for sent in s.sentences:
            for c in sent.citations:
                ev = evidence.get(c)
                if ev is None or not ev.superseded_by or ev.source.title in seen:
                    continue
                seen.add(ev.source.title)
                notes.append(
                    f"{s.heading}: {ev.source.title} is replaced by {ev.superseded_by}; "
                    "check that the measure still stands." if lang == "en" else
                    f"{s.heading}：所引{book(ev.source.title)}已由{book(ev.superseded_by)}取代，"
                    "请核实该措施是否仍然有效。")
    return notes


_STANCE_ZH = {"adopted": "采纳", "partly": "部分采纳", "noted": "留作参考",
              "not_adopted": "暂不具备条件"}


def _stances(sections: list[Section], lang: str, labels: dict[str, str]) -> list[str]:
    """Notes on the stance a model proposed per recommendation, with the office's class label."""
    notes = []
    for s in sections:
        if s.stance == "undecided":
            continue
        label = labels.get(s.stance, "")
        why = s.stance_reason
        if lang == "en":
            notes.append(f"{s.heading}: proposed stance {label or s.stance}"
                         + (f" ({why})" if why else "") + "; confirm or change it.")
        else:
            notes.append(f"{s.heading}：拟定办理态度为“{_STANCE_ZH[s.stance]}”"
                         + (f"，办理类别 {label}" if label else "")
                         + (f"；理由：{why.rstrip('。')}" if why else "") + "。请承办人确认。")
    return notes


def assemble(proposal: Proposal, sections: list[Section], evidence: dict[str, Evidence],
             *, issuer: str = "", today: dt.date | None = None,
             stance_labels: dict[str, str] | None = None) -> DraftReply:
    """Put the frame around the sections and list what the editor must look at."""
    lang = proposal.lang
    title, salutation, opening, closing = (_frame_en(proposal, issuer) if lang == "en"
                                           else _frame_zh(proposal))
    day = today or dt.date.today()
    date = (f"{day.day} {day.strftime('%B')} {day.year}" if lang == "en"
            else f"{day.year}年{day.month}月{day.day}日")
    cited = {c for s in sections for sent in s.sentences for c in sent.citations}
    notes: list[str] = []
    for s in sections:
        s.notes = [redact_text(n) for n in s.notes]  # a model's words may echo a key
        if s.weak_evidence or not s.sentences:
            n = len(s.candidates)
            notes.append(
                f"Recommendation {s.recommendation}: no measure in the index answers it "
                "closely; write this section by hand or index the documents that cover it"
                + (f" ({n} candidate(s) listed under it)." if n else ".")
                if lang == "en" else
                f"建议{cn2an.an2cn(s.recommendation)}：索引中未找到与之直接对应的措施，"
                + (f"该节下列出{n}条备选材料供取舍；" if n else "")
                + "请承办人补充，或将相关文件加入索引后重新生成。"
            )
        elif s.candidates:
            notes.append(
                f"Recommendation {s.recommendation}: {len(s.candidates)} measure(s) of other "
                "places or bodies are listed under it; if used, attribute them."
                if lang == "en" else
                f"建议{cn2an.an2cn(s.recommendation)}：该节下列出{len(s.candidates)}条其他地方或"
                "单位的做法供参考，如采用请注明出处，勿作为本单位措施表述。")
        notes.extend(s.notes)
    if not proposal.numbering_found:
        notes.append("No numbered recommendations were found; the proposal is answered as one."
                     if lang == "en" else "未识别到编号的建议条目，全文按一条建议答复。")
    if not proposal.proposers:
        notes.append("The proposers' names were not found; complete the salutation."
                     if lang == "en" else "未识别到提案人姓名，请补全称呼。")
    notes.extend(_stale_plans(sections, evidence, day, lang))
    notes.extend(_superseded(sections, evidence, lang))
    if not issuer:
        notes.append("Fill in the responding body (set `issuer` in drafter.toml)."
                     if lang == "en" else "请填写承办单位（可在 drafter.toml 中设置 issuer）。")
    stances = _stances(sections, lang, stance_labels or {})
    notes.extend(stances)
    if stances:
        notes.append("The stances above were proposed by the model from the evidence; the editor "
                     "decides." if lang == "en" else
                     "以上办理态度由模型依据材料提出，仅供参考，办理类别（A/B/C）由承办人确定。")
    else:
        notes.append("The stance on each recommendation (accepted / partly / noted) is for the "
                     "editor to decide." if lang == "en" else
                     "各条建议的办理类别（A/B/C）及采纳态度由承办人确定。")
    return DraftReply(
        proposal=proposal, lang=lang, title=title, salutation=salutation, opening=opening,
        sections=sections, closing=closing,
        issuer=issuer or (PLACEHOLDER_ISSUER_EN if lang == "en" else PLACEHOLDER_ISSUER_ZH),
        date=date, evidence={i: evidence[i] for i in evidence if i in cited},
        # One note per plan, however many sentences; none carries a secret.
        editor_notes=list(dict.fromkeys(redact_text(n) for n in notes)),
        stance_labels=dict(stance_labels or {}),
    )
