"""The sweep's cases about everything around a file: configuration, store, corpus, servers.

Placeholders as in ``bad_input_cases``.
"""

from __future__ import annotations

from pathlib import Path

from bad_input_cases import (
    CASES_FILE,
    DEEP_JSON,
    GBK_NAME,
    SECRET,
    Case,
    Setup,
    both,
    fifo,
    folder,
    link,
    proposal_text,
    write,
)

SEARCH = ("search", "贷款贴息", "--store", "{good}")


def config_cases() -> list[Case]:
    """drafter.toml and DRAFTER_* variables with wrong keys, types and paths."""
    bodies = [
        ("store = 5", "store = 5\n"),
        ("corpus = [1, 2]", "corpus = [1, 2]\n"),
        ("corpus = 5", "corpus = 5\n"),
        ("corpus = ''", 'corpus = ""\n'),
        ("corpus = {a = 1}", "corpus = {a = 1}\n"),
        ("topk (unknown key)", "[drafter]\ntopk = 3\n"),
        ("isuer (unknown key)", 'isuer = "局"\n'),
        ("drafter = 5", "drafter = 5\n"),
        ("prompts_dir missing", 'prompts_dir = "nowhere"\n'),
        ("top_k = 0", "top_k = 0\n"),
        ("top_k = 'eight'", 'top_k = "eight"\n'),
        ("llm_temperature = 'hot'", 'llm_temperature = "hot"\n'),
        ("heading_style = 'x'", 'heading_style = "x"\n'),
        ("stance_labels = 5", "stance_labels = 5\n"),
        ("fusion = 'max'", 'fusion = "max"\n'),
        ("a TOML syntax error", "store = \n"),
        ("a GBK drafter.toml", 'issuer = "科技局"\n'.encode("gbk")),
        ("binary drafter.toml", bytes(range(256))),
    ]
    out = [Case(f"config {label}", "config", (*SEARCH, "--config", "{w}/c.toml"), (2,),
                names="c.toml", setup=write("c.toml", body)) for label, body in bodies]
    out += [
        Case("config --config missing", "config", (*SEARCH, "--config", "{w}/none.toml"), (2,),
             names="none.toml"),
        Case("config --config a folder", "config", (*SEARCH, "--config", "{w}"), (2,),
             names="{w}"),
        Case("config DRAFTER_CONFIG with topk", "config", SEARCH, (2,), names="c.toml",
             setup=write("c.toml", "topk = 1\n"), env={"DRAFTER_CONFIG": "{w}/c.toml"}),
        Case("config DRAFTER_PROMPTS missing", "config", SEARCH, (2,), names="{w}/nowhere",
             env={"DRAFTER_PROMPTS": "{w}/nowhere"}),
        Case("config DRAFTER_EMBEDDER unknown", "config", SEARCH, (2,), names="nope",
             env={"DRAFTER_EMBEDDER": "nope"}),
        Case("config DRAFTER_LLM without a provider", "config",
             ("draft", "{p}", "--store", "{store}"), (2,), names="bogus",
             env={"DRAFTER_LLM": "bogus"}, scratch=True),
        Case("config --llm with an unknown provider", "config",
             ("draft", "{p}", "--store", "{store}", "--llm", "nosuch:model"), (2,),
             names="nosuch", scratch=True),
        Case("config DRAFTER_RERANKER missing", "config", SEARCH, (1, 2), names="nowhere",
             env={"DRAFTER_RERANKER": "{w}/nowhere"}),
        Case("config DRAFTER_STORE a file", "config", ("search", "贷款"), (1, 2),
             names="{w}/f", setup=write("f", "x"), env={"DRAFTER_STORE": "{w}/f"}),
    ]
    return out


def _corrupt(rel: str, data: bytes | None) -> Setup:
    """Overwrite (or, with None, delete) a file of the scratch store ``{w}/store``."""
    def make(w: Path) -> None:
        import shutil

        for path in (w / "store").glob(rel):
            if data is None:
                shutil.rmtree(path) if path.is_dir() else path.unlink()
            else:
                path.write_bytes(data)
    return make


def _to_folder(rel: str) -> Setup:
    def make(w: Path) -> None:
        path = w / "store" / rel
        if path.exists():
            path.unlink()
        path.mkdir()
    return make


def store_cases() -> list[Case]:
    """Broken stores: each a private copy at {store} = {w}/store, then one command."""
    states: list[tuple[str, Setup]] = [
        ("chroma/ deleted", _corrupt("chroma", None)),
        ("chroma.sqlite3 truncated", _corrupt("chroma/chroma.sqlite3", b"SQLite format 3\0")),
        ("chroma.sqlite3 garbage", _corrupt("chroma/chroma.sqlite3", b"garbage" * 1000)),
        ("measure table missing", _corrupt("measures-*.jsonl", None)),
        ("measure table garbage", _corrupt("measures-*.jsonl", b"{not json\n" * 10)),
        ("measure table truncated", _corrupt("measures-*.jsonl", b'{"id": "a", "te')),
        ("manifest.json garbage", _corrupt("manifest.json", b"\x00\xff garbage")),
        ("manifest.json a folder", _to_folder("manifest.json")),
        ("embedding cache garbage", _corrupt("embeddings.sqlite", b"garbage" * 100)),
    ]
    out: list[Case] = []
    for label, setup in states:
        # a damaged embedding cache is only a cache: reads go on without it, index replaces it
        code, names = ((0,), "") if label.startswith("embedding cache") else ((1,), "store")
        for command in (("search", "贷款贴息"), ("draft", "{p}")):
            out.append(Case(f"store {label}: {command[0]}", "store state",
                            (*command, "--store", "{store}"), code, names=names,
                            setup=setup, scratch=True))
    out += [
        Case("store lock a folder: index", "store state",
             ("index", "{w}/docs", "--store", "{store}"), (1,), names="lock",
             setup=both(_to_folder("lock"), write("docs/a.txt", proposal_text())), scratch=True),
        Case("store runs.jsonl garbage: runs", "store state", ("runs", "--store", "{store}"),
             (0,), setup=_corrupt("runs.jsonl", b"{torn\n\xff\xfe\n"), scratch=True),
        Case("store runs.jsonl a folder: draft", "store state",
             ("draft", "{p}", "--store", "{store}"), (0, 1), setup=_to_folder("runs.jsonl"),
             scratch=True, one_line=False),
        Case("store a file: search", "store state", ("search", "贷款", "--store", "{w}/f"),
             (1, 2), names="{w}/f", setup=write("f", "x")),
        Case("store a file: index", "store state", ("index", "{w}/docs", "--store", "{w}/f"),
             (1, 2), names="{w}/f", setup=both(write("f", "x"), write("docs/a.txt", "关于"))),
        Case("store under a file: index", "store state",
             ("index", "{w}/docs", "--store", "{w}/f/s"), (1, 2), names="{w}/f",
             setup=both(write("f", "x"), write("docs/a.txt", "关于"))),
        Case("store in /proc: index", "store state",
             ("index", "{w}/docs", "--store", "/proc/drafter-store"), (1, 2), names="/proc",
             setup=write("docs/a.txt", "关于")),
        Case("store an empty folder: search", "store state",
             ("search", "贷款", "--store", "{w}/empty"), (1,), names="empty",
             setup=folder("empty")),
        Case("store runs of a file", "store state", ("runs", "--store", "{w}/f"), (1, 2),
             names="{w}/f", setup=write("f", "x")),
    ]
    return out


def corpus_cases() -> list[Case]:
    """``drafter index`` over bad corpora, into the good store: it must stay as it was."""
    idx = ("index", "--store", "{good}")
    rows: list[tuple[str, tuple[str, ...], tuple[int, ...], str, Setup | None]] = [
        ("a missing folder", ("{w}/none",), (2,), "none", None),
        ("an empty folder", ("{w}/empty",), (2,), "empty", folder("empty")),
        ("a folder of bad files", ("{w}/bad",), (2,), "",
         both(write("bad/e.txt", ""), write("bad/b.txt", bytes(range(256)) * 10))),
        ("a symlink to /etc/passwd", ("{w}/c",), (0, 2), "",
         link("c/passwd.txt", "/etc/passwd")),
        ("a symlinked folder outside", ("{w}/c",), (0, 2), "", link("c/etc", "/etc")),
        ("a symlink loop of folders", ("{w}/c",), (0, 2), "",
         both(folder("c/d"), link("c/d/up", "{w}/c"))),
        ("a FIFO among the files", ("{w}/c",), (0, 2), "", fifo("c/pipe.txt")),
        ("a GBK file name", ("{w}/c",), (0, 2), "", write(f"c/{GBK_NAME}", "关于\n空。")),
        ("/dev/null", ("/dev/null",), (2,), "/dev/null", None),
    ]
    return [Case(f"index {label}", "corpus", (*idx[:1], *paths, *idx[1:]), codes, names=names,
                 setup=setup, one_line=bool(names)) for label, paths, codes, names, setup in rows]


def check_cases() -> list[Case]:
    """``drafter check`` of bad drafts."""
    c = ("--store", "{good}")
    return [
        Case("check deep JSON", "huge input", ("check", "{w}/d.json", *c), (2,),
             names="d.json", setup=write("d.json", DEEP_JSON)),
        Case("check a missing file", "path", ("check", "{w}/none.md", *c), (2,),
             names="none.md"),
        Case("check an empty .json", "draft file", ("check", "{w}/e.json", *c), (2,),
             names="e.json", setup=write("e.json", "")),
        Case("check JSON of no draft", "draft file", ("check", "{w}/o.json", *c), (2,),
             names="o.json", setup=write("o.json", "{}")),
        Case("check sections not a list", "draft file", ("check", "{w}/s.json", *c), (2,),
             names="s.json", setup=write("s.json", '{"sections": 5}')),
        Case("check binary .docx", "draft file", ("check", "{w}/b.docx", *c), (2,),
             names="b.docx", setup=write("b.docx", bytes(range(256)))),
        Case("check a 15 MB .md", "huge input", ("check", "{w}/big.md", *c), (0, 1, 2),
             names="big.md", setup=write("big.md", "我局已安排资金3亿元。" * (15 * 2**20 // 33))),
        Case("check a folder", "path", ("check", "{w}", *c), (2,), names="{w}"),
    ]


def eval_cases() -> list[Case]:
    """``drafter eval`` with bad case files, folders and saved results."""
    import json

    first = CASES_FILE.read_text(encoding="utf-8").splitlines()[0]
    root = CASES_FILE.parents[2]
    gone = json.loads(first)
    for rec in gone["recommendations"]:  # the gold documents stay where they are
        for gold in rec.get("gold", []):
            for g in [gold, *gold.get("alt", [])]:
                g["doc"] = str(root / g["doc"])
    if gone.get("reference_reply"):
        gone["reference_reply"] = str(root / gone["reference_reply"])
    gone["proposal"] = "/nonexistent/gone.txt"
    e = ("eval", "--no-checker")
    return [
        Case("eval an empty case file", "eval", (*e, "--cases", "{w}/c.jsonl"), (2,),
             names="c.jsonl", setup=write("c.jsonl", "")),
        Case("eval blank lines only", "eval", (*e, "--cases", "{w}/c.jsonl"), (2,),
             names="c.jsonl", setup=write("c.jsonl", "\n  \n")),
        Case("eval a case without its proposal", "eval",
             (*e, "--cases", "{w}/c.jsonl", "--out", "{w}/o"), (2,), names="c.jsonl",
             setup=write("c.jsonl", json.dumps(gone, ensure_ascii=False) + "\n")),
        Case("eval deep JSON cases", "huge input", (*e, "--cases", "{w}/c.jsonl"), (2,),
             names="c.jsonl", setup=write("c.jsonl", DEEP_JSON)),
        Case("eval a line not JSON", "eval", (*e, "--cases", "{w}/c.jsonl"), (2,),
             names="c.jsonl", setup=write("c.jsonl", "{nope\n")),
        Case("eval --out a file", "eval", (*e, "--cases", str(CASES_FILE), "--out", "{w}/f"),
             (2,), names="{w}/f", setup=write("f", "x")),
        Case("eval --out under a file", "eval",
             (*e, "--cases", str(CASES_FILE), "--out", "{w}/f/o"), (2,), names="{w}/f/o",
             setup=write("f", "x")),
        Case("eval --cases missing", "eval", (*e, "--cases", "{w}/none.jsonl"), (2,),
             names="none.jsonl"),
        Case("eval a garbage saved result", "eval",
             (*e, "--baseline", "{w}/a.json", "--candidate", "{w}/a.json", "--cases",
              str(CASES_FILE), "--out", "{w}/o"), (2,), names="a.json",
             setup=write("a.json", "{]")),
        Case("eval a gate over no paired item", "eval",
             (*e, "--baseline", "{w}/a.json", "--candidate", "{w}/b.json", "--cases",
              str(CASES_FILE), "--out", "{w}/o", "--resamples", "100"), (1,), one_line=False,
             setup=_disjoint_results),
        Case("eval --config missing", "eval", (*e, "--config", "{w}/none.toml", "--cases",
             str(CASES_FILE)), (2,), names="none.toml"),
    ]


def _disjoint_results(w: Path) -> None:
    from drafter.eval_records import ItemResult, RunResult

    for name, items in (("a.json", []), ("b.json", ["two"])):  # nothing lost, nothing paired
        run = RunResult(config={"name": name}, items=[
            ItemResult(item=item, lang="zh", metrics={"fact_grounding": 1.0}) for item in items])
        (w / name).write_text(run.model_dump_json(), encoding="utf-8")


def _no_secret(w: Path, stdout: str, stderr: str) -> str | None:
    """The API key, or any 6 characters of its secret part, must appear nowhere."""
    tail = SECRET[3:]
    texts = [stdout, stderr] + [p.read_text("utf-8", "replace") for p in w.rglob("*")
                                if p.is_file() and p.suffix in {".jsonl", ".md", ".json"}]
    for text in texts:
        if any(tail[i:i + 6] in text for i in range(len(tail) - 5)):
            return "the API key leaked"
    return None


def server_cases() -> list[Case]:
    """A hostile model server, and Chroma URLs that are no Chroma."""
    d = ("draft", "{p}", "--store", "{store}", "--llm", "openai:local-model", "--config",
         "{w}/c.toml")

    def llm(url: str) -> Setup:
        return write("c.toml", f'llm_timeout = 5\nllm_max_retries = 0\nllm_attempts = 1\n'
                     f'[llm_options]\nbase_url = "{url}"\n')

    env = {"OPENAI_API_KEY": SECRET}
    rows = [("unreachable", "{closed}"), ("answering garbage", "{llm_garbage}"),
            ("answering 500", "{llm_500}"), ("echoing the key", "{llm_leak}"),
            ("never answering", "{llm_silent}")]
    # the draft is written with the evidence quoted; exit 3 says the model was not reached
    out = [Case(f"model server {label}", "model server", d, (3,), names="", setup=llm(url),
                env=env, scratch=True, one_line=False, post=_no_secret) for label, url in rows]
    for label, url in (("an HTML page", "{html}"), ("never answering", "{silent}"),
                       ("a closed port", "{closed}"), ("not a URL", "not a url")):
        out.append(Case(f"DRAFTER_CHROMA_URL {label}: search", "chroma server", SEARCH, (1, 2),
                        names="", env={"DRAFTER_CHROMA_URL": url}))
        out.append(Case(f"DRAFTER_CHROMA_URL {label}: index", "chroma server",
                        ("index", "{w}/docs", "--store", "{w}/s"), (1, 2), names="",
                        setup=write("docs/a.txt", proposal_text()),
                        env={"DRAFTER_CHROMA_URL": url}))
    return out


def usage_cases() -> list[Case]:
    """Wrong commands, options and arguments."""
    rows = [
        ("an unknown command", ("frobnicate",), "frobnicate"),
        ("an unknown option", (*SEARCH, "--frob"), "--frob"),
        ("draft without a file", ("draft",), "file"),
        ("runs -n 0", ("runs", "-n", "0", "--store", "{good}"), "-n"),
        ("schema nope", ("schema", "nope"), "nope"),
        ("check -k 0", ("check", "{p}", "-k", "0", "--store", "{good}"), "-k"),
        ("eval --resamples 5", ("eval", "--resamples", "5"), "--resamples"),
        ("index without a path", ("index", "--store", "{good}"), "PATH"),
    ]
    return [Case(f"usage {label}", "option", argv, (2,), names=names)
            for label, argv, names in rows]


def all_env_cases() -> list[Case]:
    """Every case of this module."""
    return (config_cases() + store_cases() + corpus_cases() + check_cases() + eval_cases()
            + server_cases() + usage_cases())

