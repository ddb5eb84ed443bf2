"""The LLM composer: any LangChain chat model writes a section; drafter checks it.

For each recommendation the model gets the strong evidence, numbered
``[E1]…[En]``, and answers with one JSON object: sentences, each with the
evidence ids it cites, and a proposed stance with its reason.  The answer is
parsed into a pydantic model (``DraftedSection``); an answer that does not
parse or validate is sent back with the error, at most ``attempts`` times in
all, and then the section falls back to the extractive composer with an
editor's note saying why.  So does a section whose model call fails (timeout,
HTTP 5xx/429 after the client's own retries, a refusal); after an
authentication or model-not-found error, or two sections in a row lost to
transport failures, the rest of the run does not call the model again.

Nothing the model writes is trusted: the pipeline's fact check then marks any
sentence whose facts are not in its cited evidence, or that cites an id the
model was not given (【待核实】 / [VERIFY]).

Corpus text is data.  The recommendation, the past replies and the evidence
reach the model between delimiters carrying a random nonce drawn per call,
and their text is flattened and neutralised first: no ``<<<``/``>>>`` and no
``[E7]``-style label survive in it, so a document can neither close its block
nor forge an item.  What the model returns only ever fills sentences of the
section; the frame (salutation, headings, closing) is drafter's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, Field, ValidationError, field_validator

from drafter._safe_text import clip, redact_text
from drafter.chat import (
    AnswerError,
    ask,
    data,
    delimiters,
    endpoint_of,
    error_reason,
    instruction_like,
    json_object,
    json_value,
    model_params,
)
from drafter.chat import model_id as chat_model_id
from drafter.compose.base import ComposeContext
from drafter.compose.extractive import ExtractiveComposer, select
from drafter.prompting import Prompt, load_prompt
from drafter.types import Evidence, Recommendation, Section, Sentence

#: The LLM sees evidence this far below the best relevance (wider than extractive's).
LLM_MARGIN = 0.06
#: Sections in a row lost to transport failures before the run stops calling the model.
MAX_TRANSPORT_FAILURES = 2
_FATAL_STATUS = {400, 401, 403, 404}
_LABEL = re.compile(r"^\s*[\[【(（]?\s*[Ee]\s*(\d{1,3})\s*[\]】)）]?\s*$")
_INLINE_LABEL = re.compile(r"\s*[\[【(（]\s*[Ee]\s*(\d{1,3})\s*[\]】)）]")
_STANCES: dict[str, str] = {
    "adopted": "adopted", "accepted": "adopted", "采纳": "adopted", "a": "adopted",
    "partly": "partly", "partly_adopted": "partly", "accepted in part": "partly",
    "partially accepted": "partly", "部分采纳": "partly", "b": "partly",
    "noted": "noted", "留作参考": "noted", "c": "noted",
    "not_adopted": "not_adopted", "not accepted": "not_adopted", "rejected": "not_adopted",
    "暂不具备条件": "not_adopted", "不予采纳": "not_adopted",
}


class DraftedSentence(BaseModel):
    """One sentence as the model writes it."""

    text: str = Field(min_length=1)
    citations: list[str] = Field(default_factory=list)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("the sentence is empty")
        return text.strip()

    @field_validator("citations", mode="before")
    @classmethod
    def _labels(cls, value: Any) -> list[str]:
        items = value if isinstance(value, list) else [value]
        labels = []
        for item in items:
            if isinstance(item, int) and not isinstance(item, bool):
                labels.append(f"E{item}")
                continue
            whole = _LABEL.match(str(item))
            if whole:
                labels.append(f"E{int(whole[1])}")
                continue
            # "E1, E3" or "[E1][E3]" in one string: each id, when every part is one.
            parts = [x for x in re.split(r"[,，、;；\s]+|(?<=[\]】)）])(?=[\[【(（])", str(item))
                     if x.strip()]
            matches = [_LABEL.match(x) for x in parts]
            if not parts or not all(matches):
                raise ValueError(f"'{item}' is not an evidence id like \"E1\"")
            labels += [f"E{int(m[1])}" for m in matches if m]
        return labels


class DraftedSection(BaseModel):
    """A section as the model returns it: cited sentences, a stance and why."""

    sentences: list[DraftedSentence] = Field(min_length=1)
    stance: str = "undecided"
    reason: str = ""

    @field_validator("stance", mode="before")
    @classmethod
    def _stance(cls, value: Any) -> str:
        return stance_of(value)


def stance_of(value: Any) -> str:
    """The stance a model's word means ("部分采纳", "B", "accepted in part"); else undecided."""
    word = str(value or "").strip().lower().rstrip("。.")
    return _STANCES.get(word, _STANCES.get(re.split(r"[（(]", word)[0].strip(), "undecided"))


def parse_section(raw: str) -> DraftedSection:
    """The section in a model's answer.

    Inline labels in a sentence ("…资金支持[E2]。") are moved into its
    citations.  Citations to ids the model was not given are kept: the fact
    check marks them.

    Raises:
        AnswerError: no JSON object, a wrong shape, or a sentence without citations.
    """
    value = json_value(raw, list_first=True)
    if isinstance(value, list):  # a bare list of sentences ("[{"text": …}, …]")
        wrapped = len(value) == 1 and isinstance(value[0], dict) and "sentences" in value[0]
        value = value[0] if wrapped else {"sentences": value}
    if not isinstance(value, dict):
        raise AnswerError("the answer must be one JSON object")
    for item in value.get("sentences") or []:
        if isinstance(item, dict) and isinstance(item.get("text"), str):
            inline = _INLINE_LABEL.findall(item["text"])
            item["text"] = _INLINE_LABEL.sub("", item["text"]).strip()
            cites = item.get("citations") or []
            cites = cites if isinstance(cites, list) else [cites]
            item["citations"] = [*cites, *(f"E{n}" for n in inline)]
    try:
        section = DraftedSection.model_validate(value)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:3])
        raise AnswerError(problems) from None
    uncited = [n for n, s in enumerate(section.sentences, 1) if not s.citations]
    if uncited:
        raise AnswerError(f"sentence(s) {', '.join(map(str, uncited))} cite no evidence")
    return section


def evidence_block(labels: dict[str, Evidence]) -> str:
    """One line per evidence item: its label, where it comes from, its text."""
    lines = []
    for label, ev in labels.items():
        src = ev.source
        where = "，".join(x for x in (f"《{src.title}》" if src.title else "", src.section,
                                      src.date) if x)
        lines.append(f"[{label}] ({data(where)}) {data(ev.text)}")
    return "\n".join(lines)


class LLMComposer:
    """Drafts each section with a chat model, re-asks on bad answers, falls back when it must.

    Args:
        model: Any LangChain chat model.
        model_id: How run records name it ("openai:gpt-4o-mini"); derived when empty.
        params: Parameters to record (temperature, timeout, max_retries, base_url).
        attempts: Answers asked for per section before falling back (re-asks included).
        max_evidence: At most this many evidence items go to the model.
        prompts_dir: A folder whose templates win over the shipped ones.
    """

    name = "llm"
    #: Sections may be drafted at once: each waits on the model, not on the CPU.
    parallel = True

    def __init__(self, model: BaseChatModel, *, model_id: str = "",
                 params: dict[str, Any] | None = None, attempts: int = 3,
                 max_evidence: int = 8, prompts_dir: Path | None = None) -> None:
        self.model = model
        self.model_id = model_id or chat_model_id(model)
        self.params = params or {}
        self.attempts = max(1, attempts)
        self.max_evidence = max_evidence
        self.prompts_dir = prompts_dir
        self.extractive = ExtractiveComposer()
        #: Where the model's requests go (no credentials), named when it cannot be reached.
        self.endpoint = endpoint_of(model)

    def describe(self) -> dict[str, Any]:
        """The model's id, provider and parameters, for run records (no credentials)."""
        return {"id": self.model_id, "provider": self.model_id.partition(":")[0],
                "class": type(self.model).__name__, **model_params(self.model), **self.params}

    def _prompt(self, name: str, ctx: ComposeContext) -> Prompt:
        prompt = load_prompt(name, ctx.lang, self.prompts_dir)
        ctx.run.prompts[f"{name}.{ctx.lang}"] = prompt.version
        return prompt

    def compose(self, rec: Recommendation, evidence: list[Evidence],
                ctx: ComposeContext) -> Section:
        """Write the section for ``rec`` with the model, or extractively when it cannot."""
        chosen = select(evidence, ctx, margin=LLM_MARGIN, limit=self.max_evidence)
        if not chosen:  # nothing to cite: no model call, the editor writes it
            return self.extractive.compose(rec, evidence, ctx)
        section = self._draft(rec, evidence, chosen, ctx)
        suspicious = self._instruction_notes(chosen, ctx)
        if suspicious and section.stance != "undecided":
            # A document that addresses the model may have steered the stance: the editor decides.
            section.stance, section.stance_reason, ctx.record.stance = "undecided", "", ""
            suspicious.append(
                f"{ctx.heading}: the stance the model proposed is withheld for that reason."
                if ctx.lang == "en" else f"{ctx.heading}：因此未采用模型提出的办理态度。")
        section.notes.extend(suspicious)
        return section

    def _draft(self, rec: Recommendation, evidence: list[Evidence], chosen: list[Evidence],
               ctx: ComposeContext) -> Section:
        if ctx.run.model_down:
            return self._fall_back(rec, evidence, ctx, "down", ctx.run.model_down)
        labels = {f"E{n}": ev for n, ev in enumerate(chosen, 1)}
        prompt = self._prompt("section", ctx)
        opening, closing = delimiters()
        none = "(none)" if ctx.lang == "en" else "（无）"
        system, user = prompt.render(
            issuer=ctx.issuer or ("the responding body" if ctx.lang == "en" else "承办单位"),
            recommendation=data(rec.text),
            examples="\n".join(f"{n}. {data(x)}" for n, x in enumerate(ctx.examples, 1)) or none,
            evidence=evidence_block(labels), open=opening, close=closing,
            budget=str(ctx.char_budget))
        messages: list[BaseMessage] = [SystemMessage(system), HumanMessage(user)]
        problem = ""
        for attempt in range(1, self.attempts + 1):
            ctx.record.attempts = attempt
            answer = self._call(messages, ctx)
            if isinstance(answer, _Failure):
                return self._fall_back(rec, evidence, ctx, "call", answer.reason)
            raw, refusal = answer
            ctx.record.raw_outputs.append(raw if raw or not refusal else f"[refusal] {refusal}")
            if refusal and not raw.strip():
                return self._fall_back(rec, evidence, ctx, "declined", refusal)
            try:
                drafted = parse_section(raw)
            except AnswerError as exc:
                problem = str(exc)
                follow_up = self._prompt("retry", ctx).render(error=problem)[1]
                messages += [AIMessage(raw), HumanMessage(follow_up)]
                continue
            return self._section(rec, drafted, labels, ctx)
        section = self._fall_back(rec, evidence, ctx, "invalid", problem)
        self._propose_stance(rec, section, labels, ctx)
        return section

    def _call(self, messages: list[BaseMessage], ctx: ComposeContext
              ) -> tuple[str, str] | _Failure:
        """The model's text and refusal, or why the call failed (noted in the run trace)."""
        try:
            answer = ask(self.model, messages)
        except Exception as exc:  # a provider can raise anything; the draft must survive it
            reason = error_reason(exc, self.endpoint)
            ctx.run.errors.append(f"recommendation {ctx.record.recommendation}: {reason}")
            status = getattr(exc, "status_code", None)
            if status in _FATAL_STATUS or type(exc).__name__ in _FATAL_NAMES:
                ctx.run.model_down = f"the model cannot be used ({reason})"
            else:
                ctx.run.transport_failures += 1
                if ctx.run.transport_failures >= MAX_TRANSPORT_FAILURES:
                    ctx.run.model_down = (f"the model failed {ctx.run.transport_failures} "
                                          f"sections in a row (last: {reason})")
            return _Failure(reason)
        ctx.run.transport_failures = 0
        return answer

    def _section(self, rec: Recommendation, drafted: DraftedSection,
                 labels: dict[str, Evidence], ctx: ComposeContext) -> Section:
        section = Section(recommendation=rec.number, heading=ctx.heading,
                          stance=drafted.stance,  # type: ignore[arg-type]
                          stance_reason=redact_text(drafted.reason.strip()))
        for sent in drafted.sentences:
            ids = [labels[c].id if c in labels else c for c in sent.citations]
            # A model that echoes a key it saw (in a document or its environment) leaks nothing.
            section.sentences.append(Sentence(text=redact_text(sent.text),
                                              citations=list(dict.fromkeys(ids))))
        ctx.record.stance = section.stance
        return section

    @staticmethod
    def _instruction_notes(chosen: list[Evidence], ctx: ComposeContext) -> list[str]:
        """Tell the editor which data addresses a model; it stays data all the same."""
        # Checked as the model reads them: the item's heading (title, section) and its text.
        found = [(ev.source.path, instruction_like(data(part))) for ev in chosen
                 for part in (f"{ev.source.title}，{ev.source.section}", ev.text)]
        found += [("", instruction_like(data(x))) for x in ctx.examples]
        notes = []
        for path, words in found:
            if not words:
                continue
            if ctx.lang == "en":
                where = f"evidence from {path}" if path else "a past reply shown as an example"
                notes.append(f"{ctx.heading}: {where} contains words addressed to a language "
                             f"model (\"{words}\"); they were treated as text. Check that file.")
            else:
                where = f"所引材料 {path} " if path else "作为范例的以往答复"
                notes.append(f"{ctx.heading}：{where}含有疑似针对模型的指令（“{words}”），"
                             "已按普通文字处理，请核查该文件。")
        return list(dict.fromkeys(notes))

    def _fall_back(self, rec: Recommendation, evidence: list[Evidence], ctx: ComposeContext,
                   why: str, detail: str) -> Section:
        """The extractive section, with the reason in the run record and the editor's notes."""
        section = self.extractive.compose(rec, evidence, ctx)
        en, zh = (s.format(n=self.attempts) for s in _FALLBACK[why])
        detail = clip(detail, 300)  # a refusal or a bad answer may echo anything
        ctx.record.fallback = f"{en}: {detail}"
        section.notes.append(
            f"{ctx.heading}: {en} ({detail}), so this section quotes the evidence instead; "
            "smooth its wording." if ctx.lang == "en" else
            f"{ctx.heading}：{zh}（{detail}），本段改为摘录原文，请润色。")
        return section

    def _propose_stance(self, rec: Recommendation, section: Section,
                        labels: dict[str, Evidence], ctx: ComposeContext) -> None:
        """Ask for a stance on a fallback section; any failure leaves it undecided."""
        if ctx.run.model_down or not section.sentences:
            return
        opening, closing = delimiters()
        system, user = self._prompt("stance", ctx).render(
            issuer=ctx.issuer or ("the responding body" if ctx.lang == "en" else "承办单位"),
            recommendation=data(rec.text),
            section=data(" ".join(s.text for s in section.sentences)),
            evidence=evidence_block(labels), open=opening, close=closing)
        answer = self._call([SystemMessage(system), HumanMessage(user)], ctx)
        if isinstance(answer, _Failure):
            return
        ctx.record.raw_outputs.append(answer[0])
        try:
            found = json_object(answer[0])
        except AnswerError:
            return
        stance = stance_of(found.get("stance"))
        section.stance = stance  # type: ignore[assignment]
        section.stance_reason = redact_text(str(found.get("reason") or "").strip())
        ctx.record.stance = stance


#: Why a section fell back: English (run records, English drafts) and Chinese (notes).
_FALLBACK = {
    "call": ("the model call failed", "模型调用失败"),
    "declined": ("the model declined to answer", "模型拒绝作答"),
    "invalid": ("the model gave no valid answer in {n} attempt(s)",
                "模型{n}次作答均不符合格式要求"),
    "down": ("the model is not called again in this run", "模型在本次运行中已停用"),
}


def unreached(fallback: str) -> bool:
    """True when a section's fallback (its run record's) says its model call failed or
    was never made because the model had stopped answering."""
    return fallback.startswith((_FALLBACK["call"][0], _FALLBACK["down"][0]))


class _Failure:
    """Why a model call produced no answer."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


#: Errors that no retry or later section will fix (besides HTTP 400/401/403/404).
_FATAL_NAMES = {"ModelAuthenticationError", "ModelPermissionDeniedError", "ModelNotFoundError",
                "AuthenticationError", "PermissionDeniedError", "NotFoundError"}
