"""Ingest: corpus files → ``Document`` → ``Measure``\\ s with ``Fact``\\ s.

``load_document``/``read_text`` read a file (loaders.py), ``segment`` splits a
document into measures (measures.py), and ``extract_facts`` finds the
checkable facts in any text (facts.py).
"""

from drafter.ingest.facts import extract_facts, fact_values
from drafter.ingest.loaders import iter_corpus_files, load_document, read_text
from drafter.ingest.measures import segment

__all__ = [
    "extract_facts",
    "fact_values",
    "iter_corpus_files",
    "load_document",
    "read_text",
    "segment",
]
