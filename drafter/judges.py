"""Optional extra scores for a draft's sentences: an NLI cross-encoder and an LLM judge.

Off by default.  The deterministic checker (``drafter.faithfulness``) comes
first: it finds facts missing from the cited evidence without any model.  A
judge adds a second opinion on the whole sentence — measures and commitments
as well as facts — against the same cited text (``cited_text`` of each
evidence item the sentence cites).

A judge is looked up by a spec (``get_judge``):

- ``nli:MODEL`` — a natural-language-inference cross-encoder, by local folder
  or cached name, offline.  For Chinese and English,
  ``MoritzLaurer/mDeBERTa-v3-base-xnli-multilingual-nli-2mil7``; for English
  only, ``cross-encoder/nli-deberta-v3-base``.  Nothing here downloads weights.
- ``llm:PROVIDER:MODEL`` — any LangChain chat model (``llm:openai:gpt-4o-mini``),
  asked with the ``judge`` prompt in the draft's language.  Evidence not
  mentioning something counts as not supporting it.

"Could not judge" is ``None`` (``Verdict.supported`` and ``Verdict.score``),
never 0: a sentence that cites no evidence, a model call that fails, an
answer that never parses.
"""

from __future__ import annotations

import inspect
import math
from pathlib import Path
from typing import Any, Protocol

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from drafter.chat import AnswerError, ask, chat_model, data, delimiters, error_reason, json_object
from drafter.errors import ConfigError
from drafter.faithfulness import cited_text
from drafter.index.embedders import load_sentence_transformers
from drafter.prompting import Prompt, load_prompt
from drafter.runlog import redact
from drafter.types import DraftReply, Verdict

__all__ = ["Judge", "LLMJudge", "NLIJudge", "Verdict", "get_judge", "judge_report"]

#: Why a judge gives no verdict on a sentence that cites nothing.
NO_EVIDENCE = "no cited evidence"
_FORMS = ("'nli:<model folder or cached name>' or 'llm:<provider:model>' "
          "(e.g. llm:openai:gpt-4o-mini)")
#: A model's verdict words; "partly" and "not mentioned" are not support.
_VERDICTS: dict[str, bool] = {
    "supported": True, "support": True, "yes": True, "true": True, "entailed": True,
    "有依据": True, "支持": True, "支撑": True,
    "unsupported": False, "not supported": False, "not_supported": False, "no": False,
    "false": False, "partially": False, "partial": False, "partly": False,
    "partially supported": False, "partially_supported": False, "partly supported": False,
    "not mentioned": False, "not_mentioned": False, "contradicted": False,
    "contradiction": False, "refuted": False,
    "无依据": False, "不支持": False, "部分支持": False, "部分有依据": False, "未提及": False,
    "矛盾": False,
}


class Judge(Protocol):
    """Decides whether cited sources support a sentence."""

    name: str

    def judge(self, sentence: str, sources: list[str], lang: str) -> Verdict:
        """The verdict on ``sentence`` given the texts it cites, in language ``lang``."""
        ...


def _no_evidence(name: str) -> Verdict:
    # Nothing cited is nothing to judge against: None, not 0.  Uncited sentences
    # are counted by the deterministic check, and their facts marked unsupported there.
    return Verdict(supported=None, score=None, reason=NO_EVIDENCE, judge=name)


class NLIJudge:
    """A sentence-transformers ``CrossEncoder`` trained for NLI, loaded from disk, on CPU.

    The premise is the cited sources joined by newlines, the hypothesis the
    sentence; a pair longer than ``max_length`` tokens is truncated by the
    model's tokenizer.  The score is the entailment probability: a softmax
    over the model's logits, read at the label its config's ``id2label``
    calls "entailment" (case-insensitive).  A model with a single logit (a
    relevance-style cross-encoder with no labels) is read as the sigmoid of
    that logit, which is only as meaningful as the model's training.  A
    sentence that cites nothing gets no verdict (``supported`` None).

    Args:
        model: A local model folder, or the name of a model in the Hugging Face cache.
        threshold: ``supported`` is ``score >= threshold``.
        max_length: Tokens per premise-hypothesis pair.

    Raises:
        MissingExtraError: sentence-transformers is not installed.
        ConfigError: the model cannot be loaded from disk, or it has several
            labels and none of them is "entailment".
    """

    def __init__(self, model: str, *, threshold: float = 0.5, max_length: int = 512) -> None:
        self.name = f"nli:{model}"
        self.threshold = threshold
        self._model: Any = load_sentence_transformers(
            "CrossEncoder", model, what=f"judge 'nli:{model}'", label="NLI cross-encoder",
            example="nli:/models/mDeBERTa-v3-base-xnli", max_length=max_length)
        self._model.eval()  # no dropout: the same pair always scores the same
        labels = _id2label(self._model)
        self.labels = labels
        entail = [i for i, label in labels.items() if label.lower().startswith("entail")]
        if len(labels) > 1 and not entail:
            raise ConfigError(
                f"judge 'nli:{model}': the model's labels ({', '.join(labels.values())}) "
                "include no 'entailment'; give an NLI model, e.g. "
                "nli:/models/mDeBERTa-v3-base-xnli-multilingual-nli-2mil7")
        self._entailment = entail[0] if len(labels) > 1 else None

    def judge(self, sentence: str, sources: list[str], lang: str = "zh") -> Verdict:
        """The entailment probability of ``sentence`` given its sources (``lang`` is unused)."""
        premise = "\n".join(s for s in sources if s.strip())
        if not premise:
            return _no_evidence(self.name)
        p = self.entailment([(premise, sentence)])[0]
        return Verdict(supported=p >= self.threshold, score=p, judge=self.name)

    def entailment(self, pairs: list[tuple[str, str]]) -> list[float]:
        """The entailment probability of each (premise, hypothesis) pair, rounded to 4 digits."""
        if not pairs:
            return []
        logits = self._model.predict(pairs, batch_size=32, show_progress_bar=False,
                                     **_raw_logits(self._model))
        out = []
        for row in logits:
            values = [float(x) for x in (row if getattr(row, "ndim", 0) else [row])]
            if self._entailment is None:
                p = 1 / (1 + math.exp(-values[0]))
            else:
                top = max(values)
                exps = [math.exp(v - top) for v in values]
                p = exps[self._entailment] / sum(exps)
            out.append(round(p, 4))
        return out


def _id2label(model: Any) -> dict[int, str]:
    """The model's labels by logit index, from its transformers config."""
    config = getattr(model, "config", None) or getattr(getattr(model, "model", None),
                                                       "config", None)
    raw = dict(getattr(config, "id2label", None) or {})
    count = int(getattr(model, "num_labels", 0) or len(raw) or 1)
    labels = {int(k): str(v) for k, v in raw.items()}
    return {i: labels.get(i, f"LABEL_{i}") for i in range(count)}


def _raw_logits(model: Any) -> dict[str, Any]:
    """``predict`` keyword arguments that turn the model's own activation off."""
    import torch

    params = inspect.signature(model.predict).parameters
    for name in ("activation_fn", "activation_fct"):  # sentence-transformers >= 4 / 3
        if name in params:
            return {name: torch.nn.Identity()}
    return {}


class LLMJudge:
    """A chat model asked whether the evidence supports the sentence.

    The sentence and the sources reach the model between delimiters with a
    nonce drawn per call, flattened by ``drafter.chat.data``; the
    ``judge`` prompt tells the model that delimited text is data, and that
    whatever the evidence does not mention is unsupported.  An answer that is
    not the JSON asked for is sent back with the error (``judge_retry``), at
    most ``attempts`` answers in all; then, or when the call fails, the
    verdict is None with the reason.  ``judge`` never raises for the model's sake.

    Args:
        model: A LangChain chat model, or a ``PROVIDER:MODEL`` spec for ``chat_model``.
        prompts_dir: A folder whose templates win over the shipped ones.
        attempts: Answers asked for per sentence (re-asks included).

    Attributes:
        prompt_versions: The version of every template used, by ``NAME.LANG``.

    Raises:
        ConfigError: a spec that ``chat_model`` cannot set up.
    """

    def __init__(self, model: BaseChatModel | str, *, prompts_dir: Path | None = None,
                 attempts: int = 2) -> None:
        if isinstance(model, str):
            self.name = f"llm:{model}"
            self.model = chat_model(model)
        else:
            self.model = model
            self.name = f"llm:{_model_name(model)}"
        self.prompts_dir = prompts_dir
        self.attempts = max(1, attempts)
        self.prompt_versions: dict[str, str] = {}

    def _prompt(self, name: str, lang: str) -> Prompt:
        prompt = load_prompt(name, lang, self.prompts_dir)
        self.prompt_versions[f"{name}.{lang}"] = prompt.version
        return prompt

    def judge(self, sentence: str, sources: list[str], lang: str = "zh") -> Verdict:
        """The model's verdict on ``sentence`` given its sources, in the ``lang`` prompt."""
        sources = [s for s in sources if s.strip()]
        if not sources:
            return _no_evidence(self.name)
        opening, closing = delimiters()
        system, user = self._prompt("judge", lang).render(
            sentence=data(sentence), open=opening, close=closing,
            evidence="\n".join(f"({n}) {data(s)}" for n, s in enumerate(sources, 1)))
        messages: list[BaseMessage] = [SystemMessage(system), HumanMessage(user)]
        problem = ""
        for _ in range(self.attempts):
            try:
                raw, refusal = ask(self.model, messages)
            except Exception as exc:  # a provider can raise anything; a score is not worth a crash
                return self._none(f"the model call failed ({error_reason(exc)})")
            if refusal and not raw.strip():
                return self._none(f"the model declined to answer ({redact(refusal)[:200]})")
            try:
                supported, reason = parse_verdict(raw)
            except AnswerError as exc:
                problem = str(exc)
                follow_up = self._prompt("judge_retry", lang).render(error=problem)[1]
                messages += [AIMessage(raw), HumanMessage(follow_up)]
                continue
            return Verdict(supported=supported, score=1.0 if supported else 0.0,
                           reason=redact(reason), judge=self.name)
        return self._none(f"no valid answer in {self.attempts} attempt(s): {problem}")

    def _none(self, reason: str) -> Verdict:
        return Verdict(supported=None, score=None, reason=reason, judge=self.name)


def parse_verdict(raw: str) -> tuple[bool, str]:
    """Whether a model's answer says "supported", and its reason.

    "partially" and "not mentioned" (and their Chinese words) count as unsupported.

    Raises:
        AnswerError: no JSON object, or no recognisable verdict in it.
    """
    found = json_object(raw)
    value = found.get("verdict")
    if isinstance(value, bool):
        return value, str(found.get("reason") or "").strip()
    word = " ".join(str(value or "").strip().lower().rstrip("。.").replace("-", " ").split())
    if word not in _VERDICTS:
        raise AnswerError(f"\"verdict\" must be \"supported\" or \"unsupported\", not {value!r}")
    return _VERDICTS[word], str(found.get("reason") or "").strip()


def _model_name(model: BaseChatModel) -> str:
    for attr in ("model_name", "model"):
        value = getattr(model, attr, None)
        if isinstance(value, str) and value:
            return value
    return type(model).__name__


def get_judge(spec: str) -> Judge:
    """The judge named by ``spec``: ``nli:<model>`` or ``llm:<provider:model>``.

    Raises:
        ConfigError: an unknown or empty spec (the message lists the forms), or
            a model that cannot be set up.
        MissingExtraError: the judge's optional dependency is not installed.
    """
    kind, _, rest = spec.strip().partition(":")
    rest = rest.strip()
    if kind == "nli" and rest:
        return NLIJudge(rest)
    if kind == "llm" and rest:
        return LLMJudge(rest)
    raise ConfigError(f"unknown judge '{spec}'; give {_FORMS}")


def judge_report(draft: DraftReply, judges: list[Judge]) -> list[list[Verdict]]:
    """Every judge's verdict on every sentence of ``draft``, against its cited evidence.

    Sentences come in the order ``check_reply`` walks them (section by
    section); each gets one verdict per judge, in the order of ``judges``.
    Citations of evidence the draft does not hold are left out; a sentence
    left with none gets verdicts of None.
    """
    report: list[list[Verdict]] = []
    for section in draft.sections:
        for sent in section.sentences:
            sources = [cited_text(draft.evidence[c]) for c in sent.citations
                       if c in draft.evidence]
            report.append([j.judge(sent.text, sources, draft.lang) for j in judges])
    return report


def apply_judges(draft: DraftReply, judges: list[Judge]) -> None:
    """Run ``judges`` over ``draft`` and put their verdicts into its faithfulness report.

    Each sentence check gets one verdict per judge; the report gets, per judge,
    the share of its definite verdicts that say "supported" (None when it
    judged nothing).  Does nothing without judges or before the draft is checked.
    """
    report = draft.faithfulness
    if not judges or report is None:
        return
    rows = judge_report(draft, judges)
    for check, row in zip(report.sentences, rows, strict=True):
        check.judgements = row
    for judge in judges:
        definite = [v.supported for row in rows for v in row
                    if v.judge == judge.name and v.supported is not None]
        report.judged_supported_rate[judge.name] = (
            round(sum(definite) / len(definite), 4) if definite else None)
