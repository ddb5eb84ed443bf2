"""A store that proves itself: killed runs, damaged parts and odd corpora, each put right.

Real files, a real embedded Chroma, the real embedder; runs that must die at
a given moment are killed with SIGKILL in a subprocess.  Every store here
starts from one embedding cache built once, so that no test embeds a text
twice.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafter import Drafter
from drafter.config import load_settings
from drafter.errors import StoreError
from drafter.index import chroma as chroma_mod
from drafter.index.embcache import FILE as CACHE
from drafter.index.embedders import E5Embedder
from drafter.index.store import Store
from drafter.ingest import loaders

from .conftest import CORPUS_DIRS, ROOT

QUERY = "软件企业 落户 支持"
EMBEDDER = E5Embedder()


def _smallest(folder: Path, n: int) -> list[Path]:
    return sorted(folder.glob("*.txt"), key=lambda p: p.stat().st_size)[:n]


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedding cache holding every text of the small corpus (and one extra file)."""
    base = tmp_path_factory.mktemp("warm")
    docs = _docs(base)
    extra = _extra_file(docs)
    Store(base / "s", EMBEDDER).index([docs])
    extra.unlink()
    _release(base / "s")
    return base / "s" / CACHE


def _docs(where: Path) -> Path:
    docs = where / "docs"
    docs.mkdir()
    for f in _smallest(CORPUS_DIRS[0], 2) + _smallest(CORPUS_DIRS[1], 2):
        shutil.copy(f, docs / f.name)
    return docs


def _extra_file(docs: Path) -> Path:
    extra = docs / "new_policy.txt"
    extra.write_text("title: 云岭区数据要素市场培育措施\nkind: policy\n\n"
                     "第一条 对数据交易额超过1000万元的企业给予最高50万元奖励。\n\n"
                     "第二条 对新落户的数据服务企业给予一次性落户支持20万元。\n",
                     encoding="utf-8")
    return extra


def _release(root: Path) -> None:
    """Let go of the Chroma system this process holds on a store (another process writes)."""
    from chromadb.api.shared_system_client import SharedSystemClient

    system = SharedSystemClient._identifier_to_system.pop(str(root / "chroma"), None)
    if system is not None:
        try:
            system.stop()
        except AttributeError:  # a system that failed to open a damaged database
            pass


def _built(tmp_path: Path, warm_cache: Path) -> tuple[Path, Path]:
    """A small corpus and a store of it (vectors from the warm cache), released."""
    docs = _docs(tmp_path)
    root = tmp_path / "s"
    root.mkdir()
    shutil.copy(warm_cache, root / CACHE)
    Store(root, EMBEDDER).index([docs])
    _release(root)
    return docs, root


def _state(root: Path) -> tuple[list[str], set[str]]:
    """The committed measure ids (in order) and the vector ids, read by a fresh store."""
    _release(root)
    store = Store(root, EMBEDDER)
    state = [m.id for m in store.measures()], store.vectors.ids()
    _release(root)
    return state


def _search(root: Path) -> list[str]:
    _release(root)
    found = [e.id for e in Drafter(load_settings(store=root), store=Store(root, EMBEDDER))
             .search(QUERY, 5)]
    _release(root)
    return found


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "DRAFTER_CONFIG": "/nonexistent.toml"}


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "drafter", *args], env=_env(),
                          capture_output=True, text=True, timeout=120)


#: Runs the CLI and kills itself (SIGKILL) when the run reaches ``TARGET``.
_KILLED_AT = """
import os, signal, sys, importlib
module, name = sys.argv[1].rsplit(".", 1)
owner = importlib.import_module(module)
if ":" in name:
    cls, name = name.split(":")
    owner = getattr(owner, cls)
setattr(owner, name, lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL))
from drafter.cli import app
sys.argv = ["drafter", *sys.argv[2:]]
app()
"""


def _killed_at(target: str, *args: str) -> int:
    proc = subprocess.run([sys.executable, "-c", _KILLED_AT, target, *args], env=_env(),
                          capture_output=True, text=True, timeout=120)
    return proc.returncode


def _one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = [x for x in proc.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), proc.stderr
    return lines[0]


# -- 1. a killed rebuild, a deleted chroma/ folder ---------------------------------------


def test_a_rebuild_killed_before_its_commit_leaves_the_old_index_working(
        tmp_path: Path, warm_cache: Path) -> None:
    docs, root = _built(tmp_path, warm_cache)
    before, answers = _state(root), _search(root)
    assert _killed_at("drafter.index.embedding.Embedding:add", "index", str(docs),
                      "--store", str(root), "--rebuild") == -signal.SIGKILL
    assert _state(root) == before and _search(root) == answers
    health = json.loads(_cli("index", "--verify", "--json", "--store", str(root)).stdout)
    assert health["healthy"] and len(health["leftover_collections"]) == 1
    again = _cli("index", str(docs), "--store", str(root))
    repaired = [x for x in again.stderr.splitlines() if x.startswith("repaired:")]
    assert again.returncode == 0 and len(repaired) == 1 and "interrupted rebuild" in repaired[0]
    ids, vectors = _state(root)
    assert ids == before[0] and vectors == set(ids)


def test_a_rebuild_replaces_the_collection_and_leaves_no_other(
        tmp_path: Path, warm_cache: Path) -> None:
    docs, root = _built(tmp_path, warm_cache)
    before = _state(root)
    store = Store(root, EMBEDDER)
    report = store.index([docs], rebuild=True)
    assert report.measures == len(before[0]) and report.embedded == 0
    assert store.manifest is not None and store.manifest.collection != ""
    assert store.vectors.collections() == [store.manifest.collection]
    _release(root)
    assert _state(root) == before


def test_a_deleted_chroma_folder_is_named_then_refilled(tmp_path: Path,
                                                          warm_cache: Path) -> None:
    docs, root = _built(tmp_path, warm_cache)
    before, answers = _state(root), _search(root)
    shutil.rmtree(root / "chroma")
    with pytest.raises(StoreError, match=r"0 vectors .*drafter index PATH.*--rebuild"):
        _search(root)
    _release(root)
    report = Store(root, EMBEDDER).index([docs])
    assert any("vectors were missing" in r for r in report.repaired), report.repaired
    assert report.embedded == 0, "the vectors came from the cache"
    assert _state(root) == before and _search(root) == answers


# -- 2. a killed incremental run, its files put back -------------------------------------


def test_a_killed_run_whose_files_are_put_back_leaves_no_orphans(
        tmp_path: Path, warm_cache: Path) -> None:
    docs, root = _built(tmp_path, warm_cache)
    before, answers = _state(root), _search(root)
    extra = _extra_file(docs)
    assert _killed_at("drafter.index.writer.commit", "index", str(docs),
                      "--store", str(root)) == -signal.SIGKILL
    extra.unlink()  # put back as it was
    ids, vectors = _state(root)
    assert ids == before[0] and len(vectors) > len(ids), "the killed run left vectors"
    report = Store(root, EMBEDDER).index([docs])
    assert _state(root) == before and _search(root) == answers
    assert any("orphan" in r for r in report.repaired), report.repaired


# -- 3. a file that changes while it is read ------------------------------------------------


def test_a_file_changed_while_read_is_recorded_with_the_content_indexed(
        tmp_path: Path, warm_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs, root = _built(tmp_path, warm_cache)
    target = sorted(docs.glob("*.txt"))[0]
    original = target.read_bytes()
    edited = original.decode("utf-8") + "\n第九十九条 新设立数据要素专项资金3000万元。\n"
    real_read = loaders._read

    def changing(path: Path, *args: object) -> object:
        if path.name == target.name:  # the file changes after it was hashed
            target.write_text(edited, encoding="utf-8")
        return real_read(path, *args)  # type: ignore[arg-type]

    target.write_bytes(original + b"\n")  # so that the next run reads it
    monkeypatch.setattr(loaders, "_read", changing)
    Store(root, EMBEDDER).index([docs])
    monkeypatch.undo()
    _release(root)
    target.write_bytes(original + b"\n")  # back to what was hashed
    report = Store(root, EMBEDDER).index([docs])
    _release(root)
    texts = [m.text for m in Store(root, EMBEDDER).measures()]
    assert not any("3000万元" in t for t in texts), "content that is no longer in any file"
    assert report.unchanged == 4


# -- 4. damaged parts ---------------------------------------------------------------------------


def _table(root: Path) -> Path:
    return next(root.glob("measures-*.jsonl"))


CORRUPTIONS = {
    "table truncated": lambda r: _table(r).write_bytes(_table(r).read_bytes()[:1000]),
    "table garbage": lambda r: _table(r).write_bytes(os.urandom(5000)),
    "table missing": lambda r: _table(r).unlink(),
    "chroma garbage": lambda r: (r / "chroma" / "chroma.sqlite3").write_bytes(os.urandom(9000)),
    "chroma truncated": lambda r: (r / "chroma" / "chroma.sqlite3").write_bytes(
        (r / "chroma" / "chroma.sqlite3").read_bytes()[:60000]),
    "cache garbage": lambda r: (r / CACHE).write_bytes(os.urandom(9000)),
}


@pytest.mark.parametrize("damage", sorted(CORRUPTIONS))
def test_a_damaged_part_is_named_then_repaired(tmp_path: Path, warm_cache: Path,
                                                damage: str) -> None:
    docs, root = _built(tmp_path, warm_cache)
    before, answers = _state(root), _search(root)
    CORRUPTIONS[damage](root)
    if damage.startswith("cache"):
        assert _search(root) == answers, "the cache is only a cache"
    else:
        with pytest.raises(StoreError, match=r"drafter index PATH.*--rebuild"):
            _search(root)
    _release(root)
    report = Store(root, EMBEDDER).index([docs])
    assert report.repaired, "a damaged store was called unchanged"
    assert _state(root) == before and _search(root) == answers
    _release(root)
    again = Store(root, EMBEDDER).index([docs])
    assert again.repaired == [] and not again.changed


def test_damage_reaches_the_command_line_as_one_line(tmp_path: Path, warm_cache: Path) -> None:
    docs, root = _built(tmp_path, warm_cache)
    ok = _cli("index", "--verify", "--json", "--store", str(root))
    assert ok.returncode == 0 and json.loads(ok.stdout)["healthy"] is True
    CORRUPTIONS["chroma garbage"](root)
    line = _one_line_error(_cli("search", QUERY, "--store", str(root)))
    assert "Chroma" in line and "drafter index" in line
    bad = _cli("index", "--verify", "--json", "--store", str(root))
    health = json.loads(bad.stdout)
    assert bad.returncode == 1 and health["healthy"] is False and health["problems"]
    fixed = _cli("index", str(docs), "--store", str(root))
    assert fixed.returncode == 0 and "repaired:" in fixed.stderr
    assert "unchanged" in fixed.stdout
    text = _cli("index", "--verify", "--store", str(root))
    assert text.returncode == 0 and "healthy" in text.stdout


# -- 5. store paths that cannot hold a store --------------------------------------------------


def test_store_paths_that_cannot_hold_a_store_fail_clearly(tmp_path: Path,
                                                            warm_cache: Path) -> None:
    docs, root = _built(tmp_path, warm_cache)
    a_file = tmp_path / "store.txt"
    a_file.write_text("x", encoding="utf-8")
    for where, expected in [(a_file, "is a file"), (Path("/proc/no/such/store"),
                                                     "cannot be created")]:
        with pytest.raises(StoreError, match=expected):
            Store(where, EMBEDDER).index([docs])
    with pytest.raises(StoreError, match="is a file"):
        Store(a_file, EMBEDDER).measures()
    for part in ("manifest.json", "lock"):
        broken = tmp_path / part.replace(".", "_")
        shutil.copytree(root, broken)
        (broken / part).unlink()
        (broken / part).mkdir()
        with pytest.raises(StoreError, match=f"{part}.*folder"):
            Store(broken, EMBEDDER).index([docs])
        _release(broken)


def _as_nobody() -> list[str]:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if not setpriv:
        pytest.skip("running as root without setpriv: permissions cannot be taken away")
    return [setpriv, "--reuid", "65534", "--regid", "65534", "--clear-groups"]


def test_a_read_only_store_fails_in_one_line(tmp_path: Path, warm_cache: Path) -> None:
    prefix = _as_nobody()
    base = Path(tempfile.mkdtemp(prefix="drafter-ro-"))  # a folder others may enter
    try:
        base.chmod(0o755)
        docs, root = _built(base, warm_cache)
        for path in [root, *root.rglob("*")]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        manifest = (root / "manifest.json").read_bytes()
        for args in (["index", str(docs)], ["search", QUERY]):
            proc = subprocess.run([*prefix, sys.executable, "-m", "drafter", *args,
                                   "--store", str(root)], env={**_env(), "HOME": str(base)},
                                  capture_output=True, text=True, timeout=120)
            assert proc.returncode == 1
            assert "cannot be written" in _one_line_error(proc)
        assert (root / "manifest.json").read_bytes() == manifest
    finally:
        for path in [base, *base.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(base)


# -- 6, 7, 10. the walk ---------------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_skipped_by_name(tmp_path: Path,
                                                          warm_cache: Path) -> None:
    docs, root = _built(tmp_path, warm_cache)
    gbk = os.fsdecode(os.fsencode(str(docs)) + b"/" + "政策.txt".encode("gbk"))
    shutil.copy(_smallest(CORPUS_DIRS[2], 1)[0], gbk)
    report = Store(root, EMBEDDER).index([docs])
    assert len(report.skipped) == 1 and "not UTF-8" in report.skipped[0]
    assert "政策.txt" in report.skipped[0], "the name as GBK reads it"
    assert report.unchanged == 4
    report.skipped[0].encode("utf-8")  # printable


def test_links_stay_inside_the_corpus_unless_followed(tmp_path: Path, warm_cache: Path) -> None:
    docs, root = _built(tmp_path, warm_cache)
    before = _state(root)
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text("title: 内部\nkind: policy\n\n第一条 口令为 hunter2，发放补贴300万元。\n",
                      encoding="utf-8")
    (docs / "secret.txt").symlink_to(secret)
    (docs / "elsewhere").symlink_to(outside, target_is_directory=True)
    alias = docs / ("alias_" + sorted(docs.glob("*.txt"))[0].name)
    alias.symlink_to(sorted(docs.glob("*.txt"))[0])
    report = Store(root, EMBEDDER).index([docs])
    assert not report.changed and len(report.links) == 3
    assert _state(root) == before
    followed = Store(root, EMBEDDER).index([docs], follow_links=True)
    assert followed.added == [str(secret.resolve())], "the link target once, the alias never"
    ids, vectors = _state(root)
    assert len(ids) == len(set(ids)) == len(vectors) and set(ids) == vectors


def test_a_file_deleted_between_walk_and_read_is_removed(
        tmp_path: Path, warm_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs, root = _built(tmp_path, warm_cache)
    victim = sorted(docs.glob("*.txt"))[-1]
    real_walk = loaders.walk_corpus

    def walk_then_delete(*args: object, **kwargs: object) -> loaders.CorpusWalk:
        found = real_walk(*args, **kwargs)  # type: ignore[arg-type]
        victim.unlink()
        return found

    monkeypatch.setattr("drafter.index.store.walk_corpus", walk_then_delete)
    report = Store(root, EMBEDDER).index([docs])
    assert report.removed == [str(victim.resolve())] and not report.skipped
    ids, vectors = _state(root)
    assert set(ids) == vectors and all(victim.name not in i for i in ids)


# -- 9. a Chroma server that never answers -------------------------------------------------------


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP server on loopback that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(sock.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    sock.close()


def test_a_chroma_server_that_never_answers_times_out(
        tmp_path: Path, silent_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chroma_mod, "TIMEOUT_S", 1.0)
    outcome: list[BaseException | None] = []

    def open_store() -> None:
        try:
            _ = Store(tmp_path / "s", EMBEDDER, chroma_url=silent_server).vectors
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001  (the outcome is asserted below)
            outcome.append(exc)

    worker = threading.Thread(target=open_store, daemon=True)
    worker.start()
    worker.join(15)
    assert outcome, "opening a silent Chroma server hung"
    assert isinstance(outcome[0], StoreError) and "did not answer" in str(outcome[0])
