"""The Chroma server path: a real `chroma run` on loopback, started and stopped here."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafter import Drafter
from drafter.config import load_settings
from drafter.errors import StoreError
from drafter.index.chroma import ChromaVectors

from .conftest import CORPUS_DIRS


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _chroma_bin() -> str:
    found = Path(sys.executable).with_name("chroma")
    return str(found) if found.exists() else (shutil.which("chroma") or "")


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    exe = _chroma_bin()
    if not exe:
        pytest.skip("the `chroma` command is not installed with chromadb")
    port = _free_port()
    proc = subprocess.Popen([exe, "run", "--path", str(tmp_path / "server"), "--host",
                             "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"chroma run exited with {proc.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("chroma run did not listen within 60 s")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_index_and_query_through_a_chroma_server(chroma_server: str, tmp_path: Path) -> None:
    settings = load_settings(store=tmp_path / "store", chroma_url=chroma_server)
    d = Drafter(settings)
    report = d.index([CORPUS_DIRS[0]])
    assert report.measures > 0
    assert not (tmp_path / "store" / "chroma").exists(), "vectors live on the server"
    assert ChromaVectors(url=chroma_server).count() == report.measures
    hits = d.search("新落户支持最高2500万元", k=3)
    assert any("2500万元" in e.text for e in hits)
    again = Drafter(settings).index([CORPUS_DIRS[0]])
    assert again.embedded == 0 and again.unchanged == len(report.added)


def test_an_unreachable_server_is_a_clear_store_error(tmp_path: Path) -> None:
    settings = load_settings(store=tmp_path / "store", chroma_url=f"http://127.0.0.1:{_free_port()}")
    with pytest.raises(StoreError, match="Chroma server"):
        Drafter(settings).index([CORPUS_DIRS[0]])
