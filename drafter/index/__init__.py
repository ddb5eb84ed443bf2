"""The index: Chroma vectors, a BM25 lexical index and a manifest, kept in step."""
