"""Ingest: corpus files → ``Document`` → ``Measure``\\ s with ``Fact``\\ s.

``load_document``/``read_text`` read a file (loaders.py), ``segment`` splits a
document into measures (measures.py), and ``extract_facts`` finds the
checkable facts in any text (facts.py).
"""

from drafter.ingest.facts import extract_facts, fact_values
from drafter.ingest.loaders import iter_corpus_files, load_document, read_text
from drafter.ingest.measures import segment

#: The version of how files are read (title, kind, issuer, place, script) and cut into
#: measures.  A store records it; when a newer drafter reads files differently, the next
#: ``drafter index`` reads every file again (vectors come from the embedding cache).
READER = "2026-12-metadata-kinds-script"

__all__ = [
    "READER",
    "extract_facts",
    "fact_values",
    "iter_corpus_files",
    "load_document",
    "read_text",
    "segment",
]
