"""The lexical index: BM25 (bm25s) over jieba tokens (Chinese) and stemmed words (English).

``TOKENIZER`` names the tokenisation; a store records it, and measures
tokenised under another are tokenised again when the store is loaded.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from functools import lru_cache

import numpy as np

from drafter.types import Measure

_WORD = re.compile(r"[A-Za-z][A-Za-z'&-]*|\d+(?:\.\d+)?")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
TOKENIZER = "jieba-search+snowball-en+context/3"
_STOP_ZH = frozenset(
    "的 了 和 与 及 等 在 对 为 是 将 把 被 也 并 或 其 中 上 下 由 从 以 之 于 个 有 我 您 "
    "建议 关于 进一步 加强 推进 推动 工作 方面 相关".split()
)
#: English function words, and the words every recommendation and reply uses.
_STOP_EN = frozenset(
    "a an the of and or to in on for with by is are was were be been being that this these "
    "those as at from we our us it its they them their he she his her you your who whom which "
    "what when where why how than then there here so such not no nor but if into onto over "
    "under about after before between through during each every all any both more most other "
    "some own same can could should would must may might shall will do does did done has have "
    "had having also only very just too up down out off again further once i me my "
    "recommend recommendation recommends recommended government council committee response".split()
)

#: The verbs and nouns of every recommendation and reply ("完善…", "加大…力度", "improve",
#: "ensure"): they match a passage on any subject, so they count for no subject in
#: ``LexicalIndex.overlap`` (BM25 keeps them; their IDF already weighs them down there).
GENERIC = frozenset(
    "规范 发展 完善 营造 解决 建设 资金 提升 提高 加大 力度 支持 促进 强化 优化 健全 建立 "
    "落实 开展 实施 积极 协调 加快 鼓励 引导 保障 做好 深化 扩大 推广 带动 增强 提档 打造 "
    "构建 创造 加以 重视 研究 部门 政府 有关 问题 措施 政策 给予 予以 全面 持续 不断 切实 "
    "继续 坚持 注重 充分 发挥 作用 进行 实现 能力 水平 体系 机制 项目 "
    "improv ensur develop support increas provid consid review continu make take need "
    "better effect enhanc strengthen promot establish introduc maintain work action measur "
    "new way issu approach framework".split()
)


@lru_cache(maxsize=1)
def _jieba():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=1)
def _stem():  # type: ignore[no-untyped-def]
    import Stemmer

    return Stemmer.Stemmer("english").stemWord


def tokenize(text: str) -> list[str]:
    """Split text into lexical tokens: jieba search-mode words for Chinese, stems for English."""
    jieba = _jieba()
    tokens = [t for match in _CJK_RUN.finditer(text)
              for t in jieba.lcut_for_search(match.group()) if t.strip() and t not in _STOP_ZH]
    stem = _stem()
    words = (w.lower().strip("'&-") for w in _WORD.findall(text))
    tokens.extend(stem(w) for w in words if w and w not in _STOP_EN)
    return tokens


class LexicalIndex:
    """BM25 over pre-tokenised passages; positions refer to the order given to ``build``."""

    def __init__(self, corpus_tokens: list[list[str]]) -> None:
        import bm25s

        self._size = len(corpus_tokens)
        self._bm25 = bm25s.BM25()
        self._vocab: set[str] = set()
        self._sets = [frozenset(toks) for toks in corpus_tokens]
        self._df = Counter(t for toks in self._sets for t in toks)
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
        # Scores for every passage, then the top k: bm25s's own retrieve sorts
        # far more than it needs to (7 ms against 1 ms at 100,000 passages).
        scores = np.asarray(self._bm25.get_scores(known))
        k = min(k, self._size)
        top = np.argpartition(-scores, k - 1)[:k] if k < self._size else np.arange(self._size)
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def overlap(self, tokens: list[str], position: int) -> float:
        """Share of the query's words, weighted by rarity (IDF), found in one passage: 0..1.

        The passage's tokens include its context (section heading, what its document
        is about), so an answer that names its topic only in its heading still counts.
        Words that name no subject (``GENERIC``) count only when the query has no other.
        """
        query = set(tokens) - GENERIC or set(tokens)
        if not query or not 0 <= position < self._size:
            return 0.0
        weight = {t: math.log((self._size + 1) / (self._df.get(t, 0) + 0.5)) for t in query}
        total = sum(weight.values())
        found = sum(w for t, w in weight.items() if t in self._sets[position])
        return found / total if total > 0 else 0.0


def context_of(m: Measure) -> str:
    """What a measure's document and section are about: its subject (or title) and heading."""
    return "\n".join(x for x in (m.source.subject or m.source.title, m.source.section) if x)


def measure_tokens(m: Measure) -> list[str]:
    """A measure's tokens, with those of its context (``context_of``).

    A measure rarely repeats its topic ("项目拟定总建筑面积为33.70万平方米"); the
    heading it sits under and the proposal the reply answers (or the policy's
    title) do, so their words count for it too.
    """
    return tokenize(f"{context_of(m)}\n{m.text}")
