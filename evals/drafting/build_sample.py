"""Build ``sample.jsonl``: golden drafting cases over the sample corpus.

Two kinds of case:

- the example proposals in ``corpus/examples`` (each recommendation mapped by
  hand to the retrieval items of ``evals/retrieval/sample.jsonl`` that ask
  for the same measures; a recommendation the corpus does not answer has no
  gold);
- proposals written from the retrieval items: 3–5 recommendations of one
  subject grouped under a title, saved in ``evals/drafting/proposals/``,
  each recommendation's gold being its retrieval item's gold.

The reference reply is the past reply in ``corpus/replies`` (or ``corpus/en``)
that answers the same subject, when there is one; the eval leaves it out of
retrieval for that case.  Forbidden facts are plausible amounts and years that
occur nowhere in the corpus (checked here), which a composer that invents
would write.

Run from the repository root::

    python evals/drafting/build_sample.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from drafter.ingest import load_document
from drafter.ingest.facts import extract_facts

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
RETRIEVAL = ROOT / "evals" / "retrieval" / "sample.jsonl"
PROPOSALS = HERE / "proposals"
OUT = HERE / "sample.jsonl"

R = "corpus/replies/"
DRI = "corpus/en/dri_response_regional_affairs_committee_digital_skills_2023.txt"
#: Example proposal → (reference reply, retrieval items per recommendation).
EXAMPLES: dict[str, tuple[str | None, list[list[str]]]] = {
    "en_committee_report.txt": (DRI,
                                [["en-002", "en-003"], ["en-006"], ["en-013", "en-014"], []]),
    "zh_inline_yishi.txt": (R + "2022_gxj_20220203_industrial_space.txt",
                            [["zh-041"], ["zh-042"], ["zh-019"]]),
    "zh_numbers_arabic.txt": (R + "2023_jyj_20230102_open_source_education.txt",
                              [["zh-046"], ["zh-047"], ["zh-048"], []]),
    "zh_open_source_jianyi.txt": (R + "2022_kcj_20220157_open_source.txt",
                                  [["zh-010"], ["zh-009"], ["zh-024"], ["zh-014"], ["zh-007"], []]),
    "zh_sme_paren.txt": (R + "2023_gxj_rd18_sme_financing.txt",
                         [["zh-032"], ["zh-025"], ["zh-037"]]),
    "zh_talent_yi.txt": (R + "2022_rlj_rd32_software_talent.txt",
                         [["zh-016", "zh-017", "zh-018"], ["zh-019"], ["zh-022", "zh-021"],
                          ["zh-020"]]),
}

#: Written proposals: (file stem, title, reference reply, retrieval items, one per recommendation).
GROUPS: list[tuple[str, str, str | None, list[str]]] = [
    ("zh_software_industry", "关于进一步支持软件企业做大做强的建议",
     R + "2023_gxj_20230045_software_funds.txt",
     ["zh-001", "zh-002", "zh-003", "zh-004", "zh-005"]),
    ("zh_open_source_fund", "关于完善开源生态支持政策的提案",
     R + "2022_kcj_20220157_open_source.txt",
     ["zh-008", "zh-009", "zh-011", "zh-014"]),
    ("zh_openharmony", "关于推动开源鸿蒙产业发展的建议",
     R + "2024_kcj_rd41_openharmony_talent.txt",
     ["zh-012", "zh-013", "zh-024"]),
    ("zh_talent_policy", "关于优化软件人才引进和服务政策的建议",
     R + "2022_rlj_rd32_software_talent.txt",
     ["zh-015", "zh-017", "zh-020", "zh-021", "zh-023"]),
    ("zh_ip", "关于加强知识产权创造运用和保护的提案",
     R + "2023_scjg_20230088_ip_alliance.txt",
     ["zh-026", "zh-027", "zh-028", "zh-029", "zh-030"]),
    ("zh_sme_finance", "关于缓解中小企业融资难融资贵的建议",
     R + "2023_gxj_rd18_sme_financing.txt",
     ["zh-032", "zh-033", "zh-034", "zh-035", "zh-036"]),
    ("zh_digital_transformation", "关于加快中小企业数字化转型的提案", None,
     ["zh-037", "zh-038", "zh-039", "zh-040"]),
    ("zh_industrial_space", "关于降低软件企业用房成本的建议",
     R + "2022_gxj_20220203_industrial_space.txt",
     ["zh-041", "zh-042", "zh-043", "zh-044", "zh-045"]),
    ("zh_smart_education", "关于加快智慧教育建设的提案",
     R + "2023_jyj_20230102_open_source_education.txt",
     ["zh-046", "zh-049", "zh-050", "zh-051", "zh-052"]),
    ("zh_digital_government", "关于深化数字政府建设的提案",
     R + "2021_zsj_20210076_digital_government.txt",
     ["zh-054", "zh-055", "zh-056", "zh-057", "zh-058"]),
    ("zh_innovation", "关于激发企业科技创新活力的建议", None,
     ["zh-059", "zh-060", "zh-061", "zh-062", "zh-069"]),
    ("zh_livelihood", "关于补齐民生服务短板的建议", None,
     ["zh-063", "zh-064", "zh-065", "zh-066"]),
    ("en_digital_skills", "Report on Adult Digital Skills in Yunling",
     DRI,
     ["en-001", "en-004", "en-005", "en-008", "en-009"]),
    ("en_sme_fund", "Report on Finance and Innovation Support for Small Firms",
     "corpus/en/ydc_response_scrutiny_small_firms_finance_2024.txt",
     ["en-012", "en-013", "en-015", "en-016", "en-018"]),
]

#: Plausible facts that occur nowhere in the sample corpus (checked by ``main``).
FORBIDDEN = {
    "zh": ["2030年前投入8亿元", "3000万元", "1.5亿元", "2035年", "85%"],
    "en": ["£17 million", "2031", "5,000 places", "£750,000"],
}
_NUM = "一二三四五六七八九十"
_LEAD = re.compile(rf"^(?:Recommendation \d+[.:]?\s*|[{_NUM}]{{1,2}}[、．.]\s*"
                   rf"|（[{_NUM}]{{1,2}}）\s*|\d+[.、．]\s*|[(（]\d+[)）]\s*)")


def _retrieval() -> dict[str, dict[str, object]]:
    lines = RETRIEVAL.read_text("utf-8").splitlines()
    return {d["id"]: d for d in (json.loads(ln) for ln in lines if ln.strip())}


def _gold(items: dict[str, dict[str, object]], ids: list[str]) -> list[dict[str, object]]:
    """The retrieval items' gold, with documents named from the repository root."""
    gold: list[dict[str, object]] = []
    for i in ids:
        for g in items[i]["gold"]:  # type: ignore[attr-defined]
            alt = [{**a, "doc": "corpus/" + a["doc"]} for a in g.get("alt", [])]
            gold.append({**g, "doc": "corpus/" + g["doc"], **({"alt": alt} if alt else {})})
    return gold


def proposal_text(title: str, lang: str, recs: list[str], n: int) -> str:
    """A proposal with a title, a header line, a short preamble and numbered recommendations."""
    recs = [_LEAD.sub("", r).strip() for r in recs]
    if lang == "en":
        body = "\n\n".join(f"Recommendation {k}: {r}" for k, r in enumerate(recs, 1))
        return (f"Yunling District Council Scrutiny Committee: {title}\n\n"
                "Report of the Scrutiny Committee, Session 2024–25\n\n"
                "Conclusions and recommendations\n\n" + body + "\n")
    body = "\n".join(f"{_NUM[k - 1]}、{r}" for k, r in enumerate(recs, 1))
    return (f"{title}\n\n区政协六届五次会议第{20250300 + n}号　提案人：评测用例委员\n\n"
            "近年来，我区相关工作取得积极进展，但仍存在一些不足。为此，建议：\n\n" + body + "\n")


def _check_forbidden() -> None:
    corpus = [p for d in ("policies", "replies", "en") for p in (ROOT / "corpus" / d).glob("*.txt")]
    values = {f.value for p in corpus for f in extract_facts(load_document(p).text)}
    for lang, facts in FORBIDDEN.items():
        for text in facts:
            clash = {f.value for f in extract_facts(text, lang)} & values  # type: ignore[arg-type]
            if clash:
                raise SystemExit(f"forbidden fact {text!r} occurs in the corpus: {clash}")


def build() -> list[dict[str, object]]:
    """Every sample case; writes the written proposals as a side effect."""
    items = _retrieval()
    cases: list[dict[str, object]] = []
    for name, (ref, per_rec) in EXAMPLES.items():
        lang = "en" if name.startswith("en") else "zh"
        cases.append({
            "id": f"sample-{Path(name).stem}", "lang": lang,
            "proposal": f"corpus/examples/{name}",
            "recommendations": [{"number": k, "gold": _gold(items, ids)}
                                for k, ids in enumerate(per_rec, 1)],
            "reference_reply": ref, "forbidden_facts": FORBIDDEN[lang][:3],
            "note": "example proposal shipped with the corpus",
        })
    PROPOSALS.mkdir(exist_ok=True)
    for n, (stem, title, ref, ids) in enumerate(GROUPS, 1):
        lang = "en" if stem.startswith("en") else "zh"
        path = PROPOSALS / f"{stem}.txt"
        recs = [str(items[i]["query"]) for i in ids]
        path.write_text(proposal_text(title, lang, recs, n), encoding="utf-8")
        cases.append({
            "id": f"sample-{stem}", "lang": lang, "proposal": path.relative_to(ROOT).as_posix(),
            "recommendations": [{"number": k, "gold": _gold(items, [i])}
                                for k, i in enumerate(ids, 1)],
            "reference_reply": ref, "forbidden_facts": FORBIDDEN[lang][n % 2:n % 2 + 3],
            "note": "recommendations " + ", ".join(ids) + " of evals/retrieval/sample.jsonl",
        })
    return cases


def main() -> None:
    _check_forbidden()
    cases = build()
    OUT.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases),
                   encoding="utf-8")
    print(f"{len(cases)} cases -> {OUT}")


if __name__ == "__main__":
    main()
