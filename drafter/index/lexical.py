"""The lexical index: BM25 (bm25s) over jieba tokens (Chinese) and words (English)."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import numpy as np

_WORD = re.compile(r"[A-Za-z][A-Za-z'&-]*|\d+(?:\.\d+)?")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_STOP = frozenset(
    "的 了 和 与 及 等 在 对 为 是 将 把 被 也 并 或 其 中 上 下 由 从 以 之 于 个 有 我 您 "
    "建议 关于 进一步 加强 推进 推动 工作 方面 相关 a an the of and or to in on for with by "
    "is are be that this as at from we our it its".split()
)


@lru_cache(maxsize=1)
def _jieba():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def tokenize(text: str) -> list[str]:
    """Split text into lexical tokens: jieba search-mode words for Chinese, words for English."""
    tokens: list[str] = []
    jieba = _jieba()
    for match in _CJK_RUN.finditer(text):
        tokens.extend(jieba.lcut_for_search(match.group()))
    tokens.extend(w.lower() for w in _WORD.findall(text))
    return [t for t in tokens if t.strip() and t not in _STOP]


class LexicalIndex:
    """BM25 over pre-tokenised passages; positions refer to the order given to ``build``."""

    def __init__(self, corpus_tokens: list[list[str]]) -> None:
        import bm25s

        self._size = len(corpus_tokens)
        self._bm25 = bm25s.BM25()
        self._vocab: set[str] = set()
        if self._size:
            # bm25s needs at least one token per document to build its vocabulary.
            safe = [toks or ["\u0000"] for toks in corpus_tokens]
            self._bm25.index(safe, show_progress=False)
            self._vocab = set(self._bm25.vocab_dict)

    def __len__(self) -> int:
        return self._size

    def query(self, tokens: list[str], k: int) -> list[tuple[int, float]]:
        """Return up to ``k`` (position, score) pairs with a positive score, best first."""
        known = [t for t in tokens if t in self._vocab]
        if not known or not self._size:
            return []
        k = min(k, self._size)
        docs, scores = self._bm25.retrieve([known], k=k, show_progress=False)
        pairs = zip(np.asarray(docs[0]).tolist(), np.asarray(scores[0]).tolist(), strict=True)
        return [(int(i), float(s)) for i, s in pairs if s > 0]
