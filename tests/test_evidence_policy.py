"""What a draft may cite: never a proposal, never another place's measure as the office's own,
not a passage in another language; what it cannot cite goes to the editor as candidates.

A small corpus of one county's reply, another county's reply, an English note
and a proposal, indexed with the real store and embedder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from typer.testing import CliRunner

from drafter import Drafter
from drafter._genre import EMPTY_ZH
from drafter.cli import app
from drafter.config import load_settings
from drafter.edited import read_edited
from drafter.errors import InputError
from drafter.types import DraftReply

runner = CliRunner()

OWN = """马关县交通运输局关于县十七届人大二次会议第12号建议的答复

李四代表：
你提出的《关于加快农村公路建设的建议》收悉，现答复如下：
2021年，我局完成农村公路路面硬化86公里，投入资金2100万元，覆盖12个村委会。
我局已将八寨至新寨段通村公路纳入2023年农村公路建设计划，正在开展前期工作。
感谢你对交通运输工作的关心和支持。
马关县交通运输局
2022年6月1日
"""
OTHER = """泸西县交通运输局关于县十六届人大三次会议第8号建议的答复

王五代表：
你提出的关于农村公路硬化的建议收悉，现答复如下：
2021年，泸西县投入资金3500万元，完成通村公路路面硬化120公里，实现建制村通硬化路全覆盖。
感谢你对交通运输工作的关心和支持。
泸西县交通运输局
2022年5月10日
"""
EN_NOTE = """Rural Roads Programme 2021: Progress Report

In 2021 the county council resurfaced 86 km of rural roads at a cost of 21 million yuan, \
covering 12 villages.

Yunling District Council
"""
PROPOSAL = """关于加快农村公路路面硬化的建议

马关县第十七届人大三次会议第21号建议
领衔代表：张三

我县部分自然村道路仍为土路，雨季泥泞，群众出行困难。建议县交通运输局加快农村公路路面硬化，\
将八寨至新寨段通村公路纳入建设计划，增加资金投入。
"""


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the corpus folder, the store) with the four files indexed."""
    base = tmp_path_factory.mktemp("county")
    corpus = base / "corpus"
    corpus.mkdir()
    for name, text in (("own.txt", OWN), ("other.txt", OTHER), ("en_note.txt", EN_NOTE),
                       ("proposal.txt", PROPOSAL)):
        (corpus / name).write_text(text, encoding="utf-8")
    report = Drafter(load_settings(store=base / "store")).index([corpus])
    assert [Path(p).name for p in report.proposals] == ["proposal.txt"]
    return corpus, base / "store"


def _draft(county: tuple[Path, Path], issuer: str = "") -> DraftReply:
    corpus, store = county
    return Drafter(load_settings(store=store, issuer=issuer)).draft(corpus / "proposal.txt")


def _cited(draft: DraftReply) -> list[str]:
    return [Path(draft.evidence[c].source.path).name for s in draft.sections
            for sent in s.sentences for c in sent.citations]


def test_the_index_says_which_files_it_took_for_proposals(county: tuple[Path, Path]) -> None:
    corpus, store = county
    result = runner.invoke(app, ["index", str(corpus), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "1 file(s) read as proposals" in result.output and "proposal.txt" in result.output
    as_json = runner.invoke(app, ["index", str(corpus), "--store", str(store), "--json"])
    assert [Path(p).name for p in json.loads(as_json.output)["proposals"]] == ["proposal.txt"]


def test_the_office_cites_its_own_measures_and_never_the_proposal(
        county: tuple[Path, Path]) -> None:
    # no issuer set: the office is read from the proposal's session (马关县…人大)
    draft = _draft(county)
    cited = _cited(draft)
    assert cited and set(cited) == {"own.txt"}
    for name in ("proposal.txt", "other.txt", "en_note.txt"):
        assert name not in cited
    assert all(draft.evidence[c].scope == "own" for s in draft.sections for sent in s.sentences
               for c in sent.citations)


def test_another_places_measures_are_candidates_never_the_offices_own(
        county: tuple[Path, Path], tmp_path: Path) -> None:
    draft = _draft(county, issuer="泸西县交通运输局")
    assert "own.txt" not in _cited(draft)  # 马关县's road plan is not 泸西县's
    section = draft.sections[0]
    elsewhere = [c for c in section.candidates if c.scope == "elsewhere"]
    assert elsewhere and all(Path(c.source.path).name == "own.txt" for c in elsewhere)
    assert not any(Path(c.source.path).name == "proposal.txt" for c in section.candidates)
    md = draft.to_markdown()
    assert "备选材料1（其他地方或单位的做法，如采用请注明出处）" in md
    assert "八寨至新寨段" in md.split("再次感谢")[0]  # shown under the section, quoted
    data = json.loads(draft.to_json())
    assert data["sections"][0]["candidates"][0]["source"]["issuer"] == "马关县交通运输局"
    # drafter check reads the candidates as the editor's material, not the letter's
    # sentences: this draft has none of its own
    path = tmp_path / "reply.md"
    path.write_text(md, encoding="utf-8")
    with pytest.raises(InputError, match="no answer sentences"):
        read_edited(path)
    docx = draft.to_docx(tmp_path / "reply.docx")
    paras = DocxDocument(str(docx)).paragraphs
    assert any(p.style.name == "Drafter Candidate" and "八寨至新寨段" in p.text for p in paras)
    with pytest.raises(InputError, match="no answer sentences"):
        read_edited(docx)


def test_an_uncovered_recommendation_gets_candidates_not_padding(example_drafts) -> None:  # noqa: ANN001
    # Recommendation 4 of the example report asks for 5G coverage, which the sample corpus
    # does not cover; its words on reporting progress every six months must not pull in
    # another programme's reporting schedule as the answer.
    rural = next(s for s in example_drafts.en.sections if s.recommendation == 4)
    assert not rural.sentences and rural.weak_evidence
    assert rural.candidates and any("six months" in c.text for c in rural.candidates)
    md = example_drafts.en.to_markdown()
    section = md[md.index("**Recommendation 4**"): md.index("Thank you again")]
    assert "[No measure found" in section and "Candidate 1:" in section


def test_the_readme_example_flags_what_the_corpus_does_not_cover(drafter_sample) -> None:  # noqa: ANN001
    from tests.conftest import EXAMPLES

    draft = drafter_sample.draft(EXAMPLES / "zh_open_source_jianyi.txt")
    covered, abroad = draft.sections[:5], draft.sections[5]
    assert all(s.sentences for s in covered)
    assert not abroad.sentences and abroad.weak_evidence and abroad.candidates
    md = draft.to_markdown()
    part = md[md.index("**关于建议六"): md.index("再次感谢")]
    assert EMPTY_ZH in part and "备选材料1" in part
