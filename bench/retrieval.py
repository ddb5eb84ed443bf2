"""Retrieval quality and latency: drafter's hybrid against the alternatives.

    python bench/retrieval.py [--work DIR] [--k 5] [--scale 100000]

Prints, for each golden set, one table from one run:

- ``sample``: ``evals/retrieval/sample.jsonl`` over the sample corpus
  (``corpus/policies``, ``corpus/replies``, ``corpus/en``), Chinese and
  English rows as well as all items;
- ``real``: ``evals/retrieval/real.jsonl`` over ``../shared/data/real/``
  (policies, replies and UK Government responses, the proposals left out).

Systems, all with the same embedder (e5-small) and the same loaded text:

- ``dense only``: Chroma nearest neighbours of the query, the measures as they are;
- ``BM25 only``: BM25 over jieba tokens and English stems of the same
  measures: their own words, and (drafter's lexical index alone) with the
  words of their section heading and document subject added;
- ``LangChain + Chroma``: what a plain LangChain RAG does: RecursiveCharacterTextSplitter
  (500 characters, 50 overlap), Chroma through ``langchain_chroma``,
  ``similarity_search``;
- ``drafter hybrid``: drafter's retrieval (``Retriever.search``) as configured
  by default (convex fusion), and the same with reciprocal rank fusion.

Latency is per query in the same process after two warm-up queries, the
query's embedding included.  With ``--scale N`` it also times drafter's query
path on a generated store of N measures (see ``bench/scaled_store.py``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter import Drafter  # noqa: E402
from drafter.config import load_settings  # noqa: E402
from drafter.index.embedders import Embedder  # noqa: E402
from drafter.index.lexical import LexicalIndex, tokenize  # noqa: E402
from drafter.index.store import Store  # noqa: E402
from drafter.ingest import iter_corpus_files, load_document  # noqa: E402
from drafter.retrieval_eval import (  # noqa: E402
    GoldItem,
    Report,
    Result,
    Span,
    System,
    bm25_system,
    dense_system,
    evaluate,
    hybrid_system,
    load_golden,
    span_of,
)
from drafter.retrieve import Retriever  # noqa: E402

REAL = ROOT.parent / "shared" / "data" / "real"
SETS = {
    "sample": (ROOT / "evals/retrieval/sample.jsonl", ROOT / "corpus",
               [ROOT / "corpus/policies", ROOT / "corpus/replies", ROOT / "corpus/en"]),
    "real": (ROOT / "evals/retrieval/real.jsonl", REAL,
             [REAL / "policy", REAL / "reply", REAL / "en_response"]),
}


def langchain_system(dirs: list[Path], embedder: Embedder, work: Path, k: int) -> System:
    """A plain LangChain RAG over the same files: 500-character chunks in Chroma."""
    import chromadb
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_core.embeddings import Embeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    class SameEmbedder(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed(texts).tolist()  # type: ignore[no-any-return]

        def embed_query(self, text: str) -> list[float]:
            return embedder.embed([text], query=True)[0].tolist()  # type: ignore[no-any-return]

    splitter = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50,
                                              add_start_index=True)
    docs = []
    for path in iter_corpus_files(dirs):
        text = load_document(path).text
        docs.append(Document(page_content=text, metadata={"path": str(path.resolve())}))
    chunks = splitter.split_documents(docs)
    client = chromadb.PersistentClient(path=str(work / "langchain"),
                                       settings=chromadb.Settings(anonymized_telemetry=False))
    store = Chroma(collection_name="chunks", embedding_function=SameEmbedder(), client=client,
                   collection_metadata={"hnsw:space": "cosine"})
    if store._collection.count() == 0:
        store.add_documents(chunks)

    def run(query: str) -> list[Result]:
        hits = store.similarity_search(query, k=k)
        return [(Span(h.metadata["path"], h.metadata["start_index"],
                      h.metadata["start_index"] + len(h.page_content)),) for h in hits]

    return run


def plain_bm25_system(store: Store, k: int) -> System:
    """BM25 over the measures' own words only (no section heading or document subject)."""
    rows = store.measures()
    index = LexicalIndex([tokenize(m.text) for m in rows])
    return lambda q: [(span_of(rows[i]),) for i, _ in index.query(tokenize(q), k)]


def run_set(name: str, work: Path, k: int) -> tuple[list[GoldItem], list[Report]]:
    """Index one set's documents and score every system on its golden items."""
    golden_path, root, dirs = SETS[name]
    golden = load_golden(golden_path, root)
    settings = load_settings(ROOT / "drafter.toml", store=work / name / "store")
    d = Drafter(settings)
    t0 = time.perf_counter()
    report = d.index(dirs)
    print(f"[{name}] index: {report.measures} measures ({time.perf_counter() - t0:.1f} s); "
          f"{len(golden)} items, {sum(1 for g in golden if g.gold)} answerable")
    systems: dict[str, System] = {
        "dense only": dense_system(d.store, k),
        "BM25 only (measure text)": plain_bm25_system(d.store, k),
        "BM25 only (drafter's lexical index: + section and subject words)": bm25_system(
            d.store, k),
        "LangChain + Chroma (500-char chunks)": langchain_system(
            dirs, d.store.embedder, work / name, k),
        "drafter hybrid, reciprocal rank fusion": hybrid_system(
            Retriever(d.store, top_k=settings.top_k, fusion="rrf")),
        "drafter hybrid": hybrid_system(d.retriever),
    }
    return golden, [evaluate(sys_name, system, golden, k) for sys_name, system in systems.items()]


def print_table(name: str, golden: list[GoldItem], reports: list[Report], k: int) -> None:
    """One Markdown table: overall, then per language where the set has both."""
    langs = sorted({g.lang for g in golden if g.gold})
    head = f"| system | recall@{k} | MRR | p50 ms | p95 ms |"
    extra = ("".join(f" recall@{k} {lang} | MRR {lang} |" for lang in langs)
             if len(langs) > 1 else "")
    print(f"\n### {name} ({reports[0].items} answerable items)\n")
    print(head + extra)
    print("|" + " --- |" * (5 + (2 * len(langs) if extra else 0)))
    for r in reports:
        row = f"| {r.system} | {r.recall:.3f} | {r.mrr:.3f} | {r.p50_ms:.1f} | {r.p95_ms:.1f} |"
        if extra:
            for lang in langs:
                rec, mrr = r.by_lang(golden, lang)
                row += f" {rec:.3f} | {mrr:.3f} |"
        print(row)


def coverage_flag(name: str, work: Path, golden: list[GoldItem]) -> None:
    """How well the weak-evidence flag separates answerable from unanswerable items.

    An item is flagged when the extractive composer finds no evidence strong
    enough to cite (``min_relevance`` / ``min_score`` from the settings).
    """
    from drafter.compose.base import ComposeContext, thresholds
    from drafter.compose.extractive import ExtractiveComposer

    settings = load_settings(ROOT / "drafter.toml", store=work / name / "store")
    d = Drafter(settings)
    composer = ExtractiveComposer()
    rows = {True: [0, 0], False: [0, 0]}  # answerable -> [flagged, total]
    wrong = []
    for item in golden:
        ctx = ComposeContext(lang="en" if item.lang == "en" else "zh", **thresholds(settings))
        flagged = not composer.select(d.search(item.query), ctx)
        rows[bool(item.gold)][0] += flagged
        rows[bool(item.gold)][1] += 1
        if flagged == bool(item.gold):
            wrong.append(item.id)
    (fa, na), (fu, nu) = rows[True], rows[False]
    print(f"\n#### weak-evidence flag on {name} (min_relevance {settings.min_relevance}, "
          f"min_lexical {settings.min_lexical}, strong_relevance {settings.strong_relevance}, "
          f"min_score {settings.min_score})\n")
    print("| items | flagged | not flagged |\n| --- | --- | --- |")
    print(f"| answerable ({na}) | {fa} | {na - fa} |\n| unanswerable ({nu}) | {fu} | {nu - fu} |")
    print(f"\nwrong: {' '.join(wrong) or 'none'}")


def print_misses(golden: list[GoldItem], report: Report) -> None:
    """The items where drafter's recall falls short, to read them."""
    for item in golden:
        if item.id in report.per_item and report.per_item[item.id][0] < 1.0:
            rec, rr = report.per_item[item.id]
            print(f"  miss {item.id}: recall {rec:.2f} RR {rr:.2f}  {item.query[:60]!r}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path, default=None, help="reuse stores between runs")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--sets", nargs="*", default=list(SETS))
    parser.add_argument("--misses", action="store_true", help="list drafter's misses")
    parser.add_argument("--scale", type=int, default=0, help="also time N generated measures")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="drafter-bench-"))
    for name in args.sets:
        if name == "real" and not REAL.is_dir():
            print(f"[real] skipped: {REAL} is not here")
            continue
        golden, reports = run_set(name, work, args.k)
        print_table(name, golden, reports, args.k)
        if args.misses:
            print_misses(golden, reports[-1])
        if any(not g.gold for g in golden):
            coverage_flag(name, work, golden)
    if args.scale:
        from scaled_store import time_scaled  # type: ignore[import-not-found]

        time_scaled(args.scale, work)


if __name__ == "__main__":
    main()
