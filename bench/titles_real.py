"""Title, kind, issuer and place inferred for every real file read without its header.

    python bench/titles_real.py

Each file of ../shared/data/real is loaded as a user's file would arrive (the
``key: value`` header stripped) and what ``load_document`` infers is compared
with the header: the title is "own" (the header's title, less a trailing
document number or note in brackets), "built" (a descriptive title made from
what the text says, e.g. 关于《…》的答复, or the text's own document number),
"file name", or a "FRAGMENT" (a salutation, heading, field or sentence; see
``drafter.ingest._infer.is_fragment``) or a "PARTIAL" title (the tail of a wrapped
one: "第13号提案的答复"); the kind, issuer and place agree or not.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.ingest import load_document  # noqa: E402
from drafter.ingest._infer import is_fragment  # noqa: E402
from drafter.places import place_of  # noqa: E402
from tests.test_real_replies import REAL, read_body  # noqa: E402

KINDS = {"en_response": "reply"}


def header(path: Path) -> dict[str, str]:
    """The file's ``key: value`` header."""
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)


def _norm(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    return re.sub(r"[（(][^（）()]*[）)]$", "", text)


def title_class(title: str, want: str, stem: str) -> str:
    """own, built, file name or FRAGMENT."""
    if title == stem:
        return "file name"
    if re.match(r"^\S{1,12}[〔\[（(]\d{4}[〕\]）)]?\d{1,5}[号號]$", title):
        return "built"  # the text's document number, its official reference
    if is_fragment(title):
        return "FRAGMENT"
    a, b = _norm(title), _norm(want)
    if a and a in b and b.index(a) > 0 and not re.match(r"关于|对|\d{4}年", a) and not re.search(
        r"(?:局|委员会|委|办公室|厅|部|政府|办事处|中心)$", b[: b.index(a)]
    ):
        return "PARTIAL"  # the tail of a wrapped title ("第13号提案的答复")
    if a and (a in b or b in a):
        return "own"
    return "built"


def issuer_agrees(got: str, want: str) -> bool:
    main = re.split(r"[（(,，]", want)[0].strip()
    got_main = got.split("、")[0]
    return bool(got) and (got_main in want or main in got or _short(got_main) == _short(main))


def _short(name: str) -> str:
    return re.sub(r"彝族自治县|自治县", "县", name)


def rows(real: Path) -> list[tuple[str, ...]]:
    """One row per real file: file, title class, kind, issuer, place verdicts."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(real.rglob("*.txt")):
            rel = path.relative_to(real).as_posix()
            want = header(path)
            copy = Path(tmp) / path.name
            copy.write_text(read_body(path), encoding="utf-8")
            doc = load_document(copy)
            kind = KINDS.get(want.get("kind", ""), want.get("kind", ""))
            wplace = place_of(re.split(r"[（(,，]", want.get("issuer", ""))[0])
            same = doc.place == wplace or bool(doc.place and wplace and (
                wplace.endswith(doc.place) or _short(doc.place) == _short(wplace)))
            out.append((
                rel,
                title_class(doc.title, want.get("title", ""), path.stem),
                "ok" if doc.kind == kind else f"{doc.kind}≠{kind}",
                "ok" if issuer_agrees(doc.issuer, want.get("issuer", "")) else
                ("-" if not doc.issuer else "DIFF"),
                "ok" if same else f"{doc.place or '-'}≠{wplace or '-'}",
                doc.title,
            ))
    return out


def main() -> int:
    if not REAL.is_dir():
        print(f"no real data at {REAL}")
        return 1
    table = rows(REAL)
    head = ("file", "title", "kind", "issuer", "place", "inferred title")
    widths = [max(len(r[i]) for r in [head, *table]) for i in range(5)]
    for row in [head, *table]:
        print("  ".join(c.ljust(w) for c, w in zip(row[:5], widths, strict=True)), row[5][:60])
    n = len(table)
    for label, col, good in (("titles neither fragment nor partial", 1,
                              ("own", "built", "file name")),
                             ("titles the text's own", 1, ("own",)),
                             ("kinds agree", 2, ("ok",)), ("issuers agree", 3, ("ok",)),
                             ("places agree", 4, ("ok",))):
        print(f"{label}: {sum(r[col] in good for r in table)}/{n}")
    for part in ("reply/", "proposal/", "en_response/", "policy/"):
        sub = [r for r in table if r[0].startswith(part)]
        frag = sum(r[1] in ("FRAGMENT", "PARTIAL") for r in sub)
        print(f"{part:13} {len(sub):3} files: fragments or partial {frag}, file names "
              f"{sum(r[1] == 'file name' for r in sub)}, kinds ok {sum(r[2] == 'ok' for r in sub)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
