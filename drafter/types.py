"""Records passed between the stages of the pipeline.

Each stage takes the previous stage's record and returns the next one:
``Document`` → ``Measure`` (with ``Fact``\\ s) → ``Evidence`` → ``Section`` →
``DraftReply``.  A ``Proposal`` with its ``Recommendation``\\ s is parsed from
the incoming proposal.  All records are pydantic models so that they
serialise to the JSON contract in DESIGN.md without extra code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

Lang = Literal["zh", "en"]
DocKind = Literal["reply", "policy", "proposal", "other"]
FactKind = Literal["money", "percent", "count", "date", "year", "title", "docno", "org"]
Stance = Literal["undecided", "adopted", "partly", "noted", "not_adopted"]


class Document(BaseModel):
    """A loaded source file: its text and what is known about it."""

    id: str
    path: str
    title: str
    kind: DocKind = "other"
    issuer: str = ""
    #: The locality or level the issuer belongs to ("马关县", "深圳市", "国家", "UK").
    place: str = ""
    date: str = ""
    lang: Lang = "zh"
    text: str
    sha256: str = ""


class Fact(BaseModel):
    """A checkable fact found in text, with a normalised value to compare."""

    kind: FactKind
    text: str
    value: str
    start: int = 0
    end: int = 0


class Source(BaseModel):
    """Where a measure comes from, enough to cite it."""

    path: str
    title: str
    kind: DocKind = "other"
    issuer: str = ""
    #: The locality or level of the issuer (see ``Document.place``).
    place: str = ""
    date: str = ""
    section: str = ""
    #: What the document is about when its title does not say: the proposal a
    #: reply answers, as its opening quotes it ("您提出的《关于…的建议》收悉").
    subject: str = ""


class Measure(BaseModel):
    """The retrieval unit: one concrete action or policy statement."""

    id: str
    doc_id: str
    text: str
    source: Source
    start: int
    end: int
    facts: list[Fact] = Field(default_factory=list)
    lang: Lang = "zh"

    def metadata(self) -> dict[str, str | int]:
        """Flat metadata for the vector store."""
        return {
            "doc_id": self.doc_id,
            "path": self.source.path,
            "title": self.source.title,
            "kind": self.source.kind,
            "issuer": self.source.issuer,
            "date": self.source.date,
            "section": self.source.section,
            "start": self.start,
            "end": self.end,
            "lang": self.lang,
        }


class Recommendation(BaseModel):
    """One numbered recommendation of a proposal."""

    number: int
    label: str
    text: str
    points: list[str] = Field(default_factory=list)


ProposalKind = Literal["提案", "建议", "议案", "report", ""]


class Proposal(BaseModel):
    """A parsed proposal: who sent it and what it recommends."""

    title: str = ""
    number: str = ""
    session: str = ""
    #: The lead proposers as written: persons ("张三") or bodies ("民革市委会").
    proposers: list[str] = Field(default_factory=list)
    proposer_role: str = ""
    recipient: str = ""
    #: What the text is: a CPPCC member's 提案, an NPC deputy's 建议 or 议案, an
    #: English committee "report"; "" when the text does not say.
    kind: ProposalKind = ""
    #: Co-signers named apart from the lead ("联名：…", "附议人：…").
    co_proposers: list[str] = Field(default_factory=list)
    #: How many sign, when the text gives a count ("张三等10位代表" → 10); else 0.
    signers: int = 0
    #: The committee that made an English report ("Education Committee").
    committee: str = ""
    #: Its chair, when the text names one ("Rt Hon Robert Halfon MP").
    chair: str = ""
    lang: Lang = "zh"
    numbering: str = ""
    numbering_found: bool = True
    recommendations: list[Recommendation] = Field(default_factory=list)
    source_path: str = ""


class Evidence(BaseModel):
    """A measure retrieved for a recommendation.

    ``score`` is its cosine similarity to the query; ``relevance`` is how far
    that stands above the query's similarity to the corpus as a whole, which
    is what decides whether evidence is strong enough to cite.  ``via`` names
    the passage it was found through: a recommendation quoted in a past reply
    (or a heading) that matched the query, which this measure answers; its
    score is then that passage's when higher than its own.
    """

    id: str
    text: str
    score: float
    relevance: float = 0.0
    #: Share of the query's words, weighted by rarity, that the measure or its context holds.
    lexical: float = 0.0
    source: Source
    facts: list[Fact] = Field(default_factory=list)
    corroborated_by: list[str] = Field(default_factory=list)
    via: str = ""
    #: The title of the newer policy that replaces this one's document, if any.
    superseded_by: str = ""
    #: How the source stands to the replying office: "own", "superior" (applies to
    #: it), "elsewhere" (another place's or body's: never stated as the office's own)
    #: or "" (not known).
    scope: Literal["own", "superior", "elsewhere", ""] = ""


class Sentence(BaseModel):
    """One sentence of a draft and the evidence it rests on."""

    text: str
    citations: list[str] = Field(default_factory=list)
    supported: bool | None = None
    unsupported_facts: list[str] = Field(default_factory=list)


class Section(BaseModel):
    """The answer to one recommendation."""

    recommendation: int
    heading: str
    stance: Stance = "undecided"
    #: Why the stance was proposed (by a model; the editor decides).
    stance_reason: str = ""
    sentences: list[Sentence] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    weak_evidence: bool = False
    #: Evidence not cited (too weak, another body's, or not a measure) that the editor
    #: may accept or reject: 备选材料, best first.
    candidates: list[Evidence] = Field(default_factory=list)


class Verdict(BaseModel):
    """One optional judge's opinion of one sentence (NLI model or LLM; off by default).

    Attributes:
        supported: Whether the cited evidence supports the sentence; None when
            the judge could not tell (no evidence, a failed call, no valid answer).
        score: How strongly, 0..1 (the NLI entailment probability; 1.0 or 0.0
            for an LLM's verdict); None when ``supported`` is None.
        reason: Why, in a few words (the LLM's reason, or why there is no verdict).
        judge: The judge's name (``nli:…``, ``llm:…``).
    """

    supported: bool | None
    score: float | None
    reason: str = ""
    judge: str


class SentenceCheck(BaseModel):
    """The faithfulness verdict for one sentence."""

    text: str
    citations: list[str]
    supported: bool | None
    unsupported_facts: list[str] = Field(default_factory=list)
    missing_citations: list[str] = Field(default_factory=list)
    support_score: float | None = None
    #: The optional judges' verdicts, one per configured judge (none by default).
    judgements: list[Verdict] = Field(default_factory=list)


class FaithfulnessReport(BaseModel):
    """Per-sentence and per-reply faithfulness of a draft."""

    sentences: list[SentenceCheck] = Field(default_factory=list)
    supported_rate: float | None = None
    unsupported_facts: list[str] = Field(default_factory=list)
    uncited_sentences: int = 0
    #: Share of recommendations answered exactly once (one section with sentences).
    coverage: float | None = None
    #: Recommendations answered exactly once, and how many the proposal has.
    answered: int = 0
    recommendations: int = 0
    #: Share of answered sections whose stance is decided; None when no stance is proposed.
    stance_present: float | None = None
    #: Per optional judge, the share of its definite verdicts that say "supported".
    judged_supported_rate: dict[str, float | None] = Field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no sentence carries an unsupported fact or a bad citation."""
        return not self.unsupported_facts and all(
            not s.missing_citations for s in self.sentences
        )


class DraftReply(BaseModel):
    """A draft reply, ready to render and edit."""

    proposal: Proposal
    lang: Lang = "zh"
    title: str = ""
    salutation: str = ""
    opening: str = ""
    sections: list[Section] = Field(default_factory=list)
    closing: str = ""
    issuer: str = ""
    date: str = ""
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    editor_notes: list[str] = Field(default_factory=list)
    faithfulness: FaithfulnessReport | None = None
    composer: str = "extractive"
    #: The office's labels for the stances (its result classes: A/B/C, Accepted, …).
    stance_labels: dict[str, str] = Field(default_factory=dict)

    def recommendation(self, number: int) -> Recommendation | None:
        """The proposal's recommendation a section answers, by its number."""
        return next((r for r in self.proposal.recommendations if r.number == number), None)

    def to_markdown(self) -> str:
        """Render as Markdown with footnote citations."""
        from drafter.render.markdown import render_markdown

        return render_markdown(self)

    def to_docx(self, path: str | Path) -> Path:
        """Write as a Word document (official layout, citations as comments); returns the path."""
        from drafter.render.docx import write_docx

        return write_docx(self, path)

    def to_json(self, indent: int | None = 2) -> str:
        """Render as JSON following the DESIGN.md contract."""
        from drafter.render.json import render_json

        return render_json(self, indent=indent)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract as a Python dict."""
        return self.model_dump(mode="json")
