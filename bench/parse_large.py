"""Time reading and parsing a generated 50 MB proposal.

    python bench/parse_large.py [--mb 50] [--keep DIR]

Writes a proposal of about ``--mb`` megabytes (UTF-8 Chinese: a header, a
long background section, then 500 numbered recommendations of ~90 KB
each), and prints one line per measurement:

- ``read_text``: decode and clean the file (the size limit raised for this),
- ``parse_proposal``: split the text into recommendations,
- ``cli default``: ``drafter parse FILE --json`` in a fresh process, with the
  default 20 MB limit (the file is refused: exit 2, one line),
- ``cli raised limit``: the same with ``MAX_TEXT_BYTES`` and
  ``drafter.limits.MAX_PROPOSAL_CHARS`` raised, so the whole
  file is read, parsed and written out as JSON.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter import limits  # noqa: E402
from drafter.ingest import loaders  # noqa: E402
from drafter.proposal import parse_proposal  # noqa: E402

HEAD = (
    "关于全面提升城市公共服务水平的建议\n\n区政协六届四次会议第20240999号\n"
    "提案人：陈立新、刘晓燕委员\n\n一、基本情况\n\n"
)
BACKGROUND = "近年来，我区公共服务体系不断完善，但与群众期待相比仍有差距，资源配置不够均衡。"
ITEM = "加大财政投入，完善配套设施，健全长效机制，推动服务均等化，切实提升群众获得感。"
RAISED = 1 << 30


def write_proposal(path: Path, megabytes: int, recommendations: int = 500) -> None:
    target = megabytes * 2**20
    background = (BACKGROUND * 40 + "\n\n").encode()
    with path.open("wb") as out:
        out.write(HEAD.encode())
        for _ in range(target // 10 // len(background)):
            out.write(background)
        out.write("二、建议\n\n为此，建议：\n\n".encode())
        per_item = (target - out.tell()) // recommendations
        body = ITEM * max(1, per_item // len(ITEM.encode()))
        for n in range(1, recommendations + 1):
            out.write(f"{n}. 第{n}项措施：{body}\n\n".encode())


def timed(label: str, start: float, detail: str) -> None:
    print(f"{label:<18} {time.perf_counter() - start:8.2f} s  {detail}", flush=True)


def run_cli(path: Path, raise_limit: bool) -> tuple[int, str, str]:
    code = (
        f"import drafter.ingest.loaders as l; l.MAX_TEXT_BYTES = {RAISED}; "
        f"import drafter.limits as m; m.MAX_PROPOSAL_CHARS = {RAISED}; "
        "from drafter.cli import app; app()"
        if raise_limit
        else "from drafter.cli import app; app()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "parse", str(path), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1800,
    )
    return done.returncode, done.stdout, done.stderr


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--keep", type=Path, default=None, help="write the file here")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp())
    path = folder / f"proposal_{args.mb}mb.txt"
    start = time.perf_counter()
    write_proposal(path, args.mb)
    size = path.stat().st_size
    timed("write", start, f"{size / 2**20:.1f} MB at {path}")

    loaders.MAX_TEXT_BYTES = RAISED
    limits.MAX_PROPOSAL_CHARS = RAISED
    start = time.perf_counter()
    text = loaders.read_text(path)
    timed("read_text", start, f"{len(text):,} characters")
    start = time.perf_counter()
    proposal = parse_proposal(text, source_path=str(path))
    timed(
        "parse_proposal",
        start,
        f"{len(proposal.recommendations)} recommendations, "
        f"numbering {proposal.numbering!r}, found={proposal.numbering_found}",
    )

    start = time.perf_counter()
    code, out, err = run_cli(path, raise_limit=False)
    timed("cli default", start, f"exit {code}: {err.strip()[:160]}")
    start = time.perf_counter()
    code, out, err = run_cli(path, raise_limit=True)
    found = len(json.loads(out)["recommendations"]) if code == 0 else 0
    size = len(out.encode()) / 2**20
    problem = "" if code == 0 else ": " + err.strip()[-300:]
    timed("cli raised limit", start, f"exit {code}, {size:.1f} MB of JSON, {found} "
          f"recommendations{problem}")  # fmt: skip
    if not args.keep:
        path.unlink()


if __name__ == "__main__":
    main()
