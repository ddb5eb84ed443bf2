"""LLM faults end to end: every failure a model server can produce, through a real client.

    .venv/bin/python bench/llm_faults.py [--store DIR] [--out bench/results/llm_faults.md]

Indexes the sample corpus into a temporary store once, then drafts example
proposals with ``llm="openai:local-model"`` against ``tests/openai_server.py``'s
``FakeOpenAIServer`` on 127.0.0.1, through LangChain's real ``ChatOpenAI``
(HTTP, status handling, timeouts and retries are the client's own).  One row
per scenario: good answers, a timeout, HTTP 500 (recovered by the client's
retry, and persisting), 429, a malformed HTTP body, content that is not JSON
(re-asked), invalid answers three times, a refusal, an invented amount, an
invented policy title, an invented evidence id, HTTP 401, transport failures
in two sections in a row, credentials in the base URL.

For each run it counts sections drafted by the model, extractive fallbacks and
re-asks, sentences marked 【待核实】/[VERIFY], facts not found in the cited
evidence that are *not* marked (re-checked here with ``extract_facts`` and
``unsupported``, not read from the draft), whether a draft with every section
came out, and how many times the fake API key or the URL password occur in
the run record.  Below the table: one full draft written through the server by
a fluent scripted answerer, and its run record (without the ``draft`` field).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter import Drafter  # noqa: E402
from drafter.config import load_settings  # noqa: E402
from drafter.runlog import RUNS_FILE, RunLog  # noqa: E402
from drafter.types import DraftReply  # noqa: E402
from tests.llm_scripts import (  # noqa: E402
    FAST,
    NOT_JSON,
    answer,
    english,
    evidence_lines,
    invented_id,
    invented_number,
    invented_title,
    unmarked_unsupported,
)
from tests.openai_server import FakeOpenAIServer  # noqa: E402

EXAMPLES = ROOT / "corpus" / "examples"
ZH = EXAMPLES / "zh_talent_yi.txt"
EN = EXAMPLES / "en_committee_report.txt"
CORPUS = [ROOT / "corpus" / p for p in ("policies", "replies", "en")]
#: The fake API key the client sends; it must never reach a run record.
KEY = "sk-llmfaults-bench-8d2f61c0a94e37b5"
#: A password put in the base URL of one scenario; it must not reach the record either.
URL_PASSWORD = "pw-bench-5e7a19c3"


# --- scripted answers ----------------------------------------------------------------


_LEAD = re.compile(r"^(?:[-•·]\s*|\d+(?:\.\d+)*\.?\s+|[一二三四五六七八九十]+是|"
                   r"（[一二三四五六七八九十]+）)")


def _clean(text: str, en: bool) -> str:
    """An evidence passage as a sentence of its own: no list markers, a full stop."""
    text = _LEAD.sub("", text.strip()).strip()
    text = re.sub(r"[；;，,：:]$", "", text)
    if en:
        text = text[:1].upper() + text[1:]
        return text if text.endswith((".", "!", "?")) else text + "."
    return text if text.endswith(("。", "！", "？")) else text + "。"


def fluent(body: dict[str, Any]) -> str:
    """A good model: what has been done, from up to three evidence items, each cited,
    then what comes next, with a stance and its reason."""
    items = evidence_lines(body)[:3]
    en = english(body)
    sentences: list[tuple[str, list[str]]] = []
    for link, (label, text) in zip(("目前，", "同时，", "此外，"), items, strict=False):
        sentence = _clean(text, en)
        if not en and not re.match(r"下一步|目前|近年来|\d{4}年", sentence):
            sentence = link + sentence
        sentences.append((sentence, [label]))
    cited = [label for label, _ in items]
    if en:
        sentences.append(("We will continue this work and keep the Committee informed of "
                          "progress.", cited))
        return answer(sentences, "partly", "Existing measures already cover part of the "
                      "recommendation; the rest is being taken forward.")
    sentences.append(("下一步，我局将结合您的建议，继续抓好上述政策措施的落实，并及时向您通报进展。",
                      cited))
    return answer(sentences, "partly", "现有政策措施已覆盖建议的部分内容，其余列入下一步工作计划。")


GOOD: dict[str, Any] = {"content_fn": fluent}


# --- scenarios -----------------------------------------------------------------------


@dataclass
class Scenario:
    name: str
    script: list[dict[str, Any]]
    proposal: Path = ZH
    timeout: float = 10.0
    retries: int = 0
    repeat_last: bool = False
    url: Callable[[str], str] = lambda url: url


SCENARIOS = [
    Scenario("all good", [GOOD], repeat_last=True),
    Scenario("all good (en)", [GOOD], proposal=EN, repeat_last=True),
    Scenario("timeout in section 2", [GOOD, {"delay": 5.0, **GOOD}, GOOD, GOOD], timeout=1.0),
    Scenario("HTTP 500 once, client retry recovers",
             [{"status": 500, "headers": FAST}, GOOD, GOOD, GOOD, GOOD], retries=1),
    Scenario("HTTP 500 persists in section 2",
             [GOOD, {"status": 500, "headers": FAST}, {"status": 500, "headers": FAST}, GOOD,
              GOOD], retries=1),
    Scenario("HTTP 429 persists in section 2",
             [GOOD, {"status": 429, "headers": FAST}, {"status": 429, "headers": FAST}, GOOD,
              GOOD], retries=1),
    Scenario("malformed HTTP body", [GOOD, {"raw": "not json"}, GOOD, GOOD]),
    Scenario("not JSON, then valid (re-ask)", [{"content": NOT_JSON}, GOOD, GOOD, GOOD, GOOD]),
    Scenario("invalid three times",
             [{"content": NOT_JSON}, {"content": '{"sentences": [{"text": "我局高度重视。"}]}'},
              {"content": '{"sentences": "我局高度重视。"}'},
              {"content": '{"stance": "noted", "category": "C", "reason": "条件尚不具备"}'},
              GOOD, GOOD, GOOD]),
    Scenario("refusal in section 2", [GOOD, {"refusal": "I can't help with that."}, GOOD, GOOD]),
    Scenario("invented amount", [{"content_fn": invented_number}, GOOD, GOOD, GOOD]),
    Scenario("invented amount (en)", [{"content_fn": invented_number}, GOOD, GOOD, GOOD],
             proposal=EN),
    Scenario("invented policy title", [{"content_fn": invented_title}, GOOD, GOOD, GOOD]),
    Scenario("nonexistent evidence id E9", [{"content_fn": invented_id}, GOOD, GOOD, GOOD]),
    Scenario("HTTP 401 (key echoed in the error)",
             [{"status": 401, "body": f"Incorrect API key provided: {KEY}"}]),
    Scenario("HTTP 500 in two sections in a row", [{"status": 500}, {"status": 500}]),
    Scenario("credentials in the base URL", [GOOD], repeat_last=True,
             url=lambda url: url.replace("http://", f"http://drafter:{URL_PASSWORD}@")),
]


def describe_script(s: Scenario) -> str:
    """The server's script in short: one label per request, runs collapsed."""
    labels = []
    for item in s.script:
        if "status" in item:
            label = f"HTTP {item['status']}"
        elif "raw" in item:
            label = f"body {item['raw']!r}"
        elif "refusal" in item:
            label = "refusal"
        elif "content_fn" in item:
            fn = item["content_fn"]
            label = "good" if fn is fluent else fn.__name__.replace("_", " ")
        else:
            label = "not JSON" if item["content"] == NOT_JSON else (
                "stance JSON" if '"stance"' in item["content"] and
                '"sentences"' not in item["content"] else "bad JSON")
        if item.get("delay"):
            label = f"{label} after {item['delay']:g} s"
        labels.append(label)
    runs: list[list[Any]] = []
    for label in labels:
        if runs and runs[-1][0] == label:
            runs[-1][1] += 1
        else:
            runs.append([label, 1])
    text = ", ".join(f"{label} ×{n}" if n > 1 else label for label, n in runs)
    if s.repeat_last:
        text += " (repeated)"
    extras = [f"timeout {s.timeout:g} s", f"max_retries {s.retries}"]
    return f"{text}; {', '.join(extras)}"


@dataclass
class Row:
    scenario: str
    script: str
    requests: int
    model: int
    fallbacks: int
    reasks: int
    marked: int
    unmarked: int
    produced: bool
    secrets: int


def run(s: Scenario, store: Path, base: dict[str, Any]) -> tuple[Row, DraftReply | None]:
    runs = store / RUNS_FILE
    before = runs.read_bytes() if runs.exists() else b""
    draft: DraftReply | None = None
    with FakeOpenAIServer(s.script, repeat_last=s.repeat_last) as server:
        settings = load_settings(**base, llm="openai:local-model",
                                 llm_options={"base_url": s.url(server.url)},
                                 llm_timeout=s.timeout, llm_max_retries=s.retries)
        d = Drafter(settings)
        try:
            draft = d.draft(s.proposal)
        except Exception as exc:  # a lost draft is what this bench counts
            print(f"{s.name}: no draft ({type(exc).__name__}: {exc})", file=sys.stderr)
        requests = len(server.requests)
    after = runs.read_bytes() if runs.exists() else b""
    record_bytes = after[len(before):]
    secrets = record_bytes.count(KEY.encode()) + record_bytes.count(URL_PASSWORD.encode())
    trace = d.last_trace
    sections = trace.sections if trace else []
    produced = bool(draft and draft.sections and all(sec.sentences for sec in draft.sections)
                    and len(draft.sections) == len(draft.proposal.recommendations))
    row = Row(
        scenario=s.name, script=describe_script(s), requests=requests,
        model=sum(1 for sec in sections if not sec.fallback),
        fallbacks=sum(1 for sec in sections if sec.fallback),
        reasks=sum(max(0, sec.attempts - 1) for sec in sections),
        marked=sum(1 for sec in draft.sections for sent in sec.sentences
                   if sent.supported is False) if draft else 0,
        unmarked=len(unmarked_unsupported(draft)) if draft else 0,
        produced=produced, secrets=secrets)
    return row, draft


def table(rows: list[Row]) -> list[str]:
    out = ["| scenario | server script | requests | by model / fallback / re-asks | "
           "sentences marked | unmarked unsupported facts | draft produced | "
           "secrets in record |",
           "| --- | --- | ---: | :---: | ---: | ---: | :---: | ---: |"]
    for r in rows:
        out.append(f"| {r.scenario} | {r.script} | {r.requests} | "
                   f"{r.model} / {r.fallbacks} / {r.reasks} | {r.marked} | {r.unmarked} | "
                   f"{'yes' if r.produced else 'no'} | {r.secrets} |")
    lost = sum(1 for r in rows if not r.produced)
    out.append(f"| **total ({len(rows)} runs)** | | {sum(r.requests for r in rows)} | "
               f"{sum(r.model for r in rows)} / {sum(r.fallbacks for r in rows)} / "
               f"{sum(r.reasks for r in rows)} | {sum(r.marked for r in rows)} | "
               f"**{sum(r.unmarked for r in rows)}** | **{lost} lost** | "
               f"**{sum(r.secrets for r in rows)}** |")
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, default=None,
                        help="Index the sample corpus here (default: a temporary folder).")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "llm_faults.md")
    args = parser.parse_args()
    for var in ("DRAFTER_LLM", "DRAFTER_PROMPTS", "OPENAI_BASE_URL"):
        os.environ.pop(var, None)
    os.environ["OPENAI_API_KEY"] = KEY  # the client sends it; no record may hold it
    store = args.store or Path(tempfile.mkdtemp(prefix="llm_faults_")) / "store"
    base: dict[str, Any] = {"config": ROOT / "drafter.toml", "store": store, "corpus": CORPUS}
    report = Drafter(load_settings(**base)).index(CORPUS)
    print(f"indexed {report.measures} measures into {store}", file=sys.stderr)

    rows = []
    for scenario in SCENARIOS:
        row, _ = run(scenario, store, base)
        rows.append(row)
        print(f"{row.scenario}: model {row.model}, fallbacks {row.fallbacks}, re-asks "
              f"{row.reasks}, marked {row.marked}, unmarked {row.unmarked}, "
              f"draft {'yes' if row.produced else 'NO'}, secrets {row.secrets}", file=sys.stderr)

    sample, draft = run(SCENARIOS[0], store, base)
    record = RunLog(store).read()[-1].model_dump(mode="json")
    record.pop("draft", None)
    assert draft is not None

    lines = [
        "# LLM faults end to end",
        "",
        "`.venv/bin/python bench/llm_faults.py`: the sample corpus indexed into a temporary "
        "store, then each scenario drafts a proposal (`corpus/examples/zh_talent_yi.txt`, 4 "
        "recommendations; `(en)`: `en_committee_report.txt`, 4 recommendations) with "
        "`llm = \"openai:local-model\"` against `tests/openai_server.py`'s `FakeOpenAIServer` "
        "on 127.0.0.1, through LangChain's real `ChatOpenAI` client, with `OPENAI_API_KEY` set "
        "to a fake key. The server answers requests in script order; \"good\" is a scripted "
        "answerer that writes sentences from the evidence lines of the prompt, cites them and "
        "proposes a stance.",
        "",
        "Columns: *requests* the server received; sections drafted *by the model*, sections "
        "that fell back to the extractive composer, and *re-asks* after an invalid answer; "
        "*sentences marked* 【待核实】/[VERIFY] by the fact check; *unmarked unsupported "
        "facts*: sentences whose facts are not in their cited evidence (or that cite an id "
        "the draft does not hold) and carry no mark, re-checked by this script with "
        "`extract_facts` + `unsupported`; *draft produced*: a draft with a non-empty section "
        "for every recommendation; *secrets in record*: occurrences of the fake key or the "
        "base-URL password in the run's line of `runs.jsonl`.",
        "",
        *table(rows),
        "",
        f"Drafts lost: {sum(1 for r in rows if not r.produced)}. "
        f"Unmarked unsupported facts: {sum(r.unmarked for r in rows)}. "
        f"Secrets in records: {sum(r.secrets for r in rows)}.",
        "",
        "## A draft written through the local server",
        "",
        f"`{ZH.relative_to(ROOT)}` drafted with the good scripted answerer "
        f"({sample.model} of 4 sections by the model, {sample.marked} sentences marked). "
        "Paths are shown relative to the repository.",
        "",
        "````markdown",
        draft.to_markdown().rstrip("\n").replace(f"{ROOT}/", ""),
        "````",
        "",
        "## Its run record",
        "",
        "The line this run appended to `runs.jsonl`, without the `draft` field.",
        "",
        "```json",
        json.dumps(record, ensure_ascii=False, indent=2).replace(f"{ROOT}/", ""),
        "```",
        "",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    bad = sum(1 for r in rows if not r.produced) + sum(r.unmarked + r.secrets for r in rows)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
