"""Time and memory of drafter on the huge and hostile inputs of the size limits (drafter.limits).

    python bench/limits.py [--before REV] [--timeout 120] [--memory-gb 6] [--out FILE]

Makes the inputs at their original sizes (a .docx numbered from 10^11 in
Roman numerals, a .docx of 3 million paragraphs, a 100,000-character
recommendation, a 15 MB one-line proposal, 5,000 recommendations, a 15 MB
edited draft to check) and inputs just under each limit, then runs each as
its own process, through the CLI where the CLI is the way in, over a store
of the sample corpus: once with the code of ``--before`` (a git revision,
unpacked to a temporary folder) when given, except the inputs under the
limits, and once with the working tree.  Each run is killed after
``--timeout`` seconds and limited to ``--memory-gb`` of address space.
Prints a Markdown table (seconds, peak resident memory, exit code, the last
line of stderr) and writes it to ``--out``.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter import limits  # noqa: E402

ASK = "加强中小企业融资支持，设立专项资金扶持科技创新企业发展，完善人才引进政策。"
CORPUS = ["corpus/policies", "corpus/replies", "corpus/en"]


@dataclass
class Case:
    """One input and the command that reads it (``{python}``, ``{store}``, ``{file}``)."""

    name: str
    file: str
    command: list[str]
    #: Whether to run it with the code of ``--before`` too (inputs under the limits are not).
    before: bool = True


def _numbering_bomb(path: Path) -> None:
    """A .docx of 40 paragraphs in a list numbered from 10^11 in upper-case Roman numerals."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    document = docx.Document()
    numbering = document.part.numbering_part.element
    lvl = ('<w:lvl w:ilvl="0"><w:start w:val="100000000000"/><w:numFmt w:val="upperRoman"/>'
           '<w:lvlText w:val="%1."/></w:lvl>')
    numbering.find(qn("w:num")).addprevious(
        parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{lvl}</w:abstractNum>'))
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for n in range(40):
        numpr = document.add_paragraph(f"建议{n}：{ASK}")._p.get_or_add_pPr().get_or_add_numPr()
        numpr.get_or_add_ilvl().val = 0
        numpr.get_or_add_numId().val = 90
    document.save(str(path))


def _paragraph_bomb(path: Path, count: int = 3_000_000) -> None:
    """A .docx (python-docx's own package) whose body is ``count`` one-word paragraphs."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                head = data.partition(b"<w:body>")[0]
                data = (head + b"<w:body>" + b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * count
                        + b"</w:body></w:document>")
            out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def _edited_draft(python: str, store: Path, path: Path, code: Path,
                  sentences: int | None = None) -> None:
    """A 15 MB edited draft (or one of about ``sentences``): a reply's answers repeated."""
    md = subprocess.run(
        [python, "-m", "drafter", "draft", str(ROOT / "corpus/examples/zh_open_source_jianyi.txt"),
         "--store", str(store)], capture_output=True, text=True, check=True, cwd=store.parent,
        env=_env(code)).stdout
    lines = md.split("\n")
    answers = "\n\n".join(line for line in lines if line.startswith("**关于建议")) + "\n\n"
    at = next(i for i, line in enumerate(lines) if line.startswith("**关于建议"))
    def write(copies: int) -> None:
        path.write_text("\n".join(lines[:at]) + "\n" + answers * copies
                        + "\n".join(lines[at:]), encoding="utf-8")

    copies = (15 * 2**20 - len(md.encode())) // len(answers.encode()) + 1
    if sentences is not None:  # as many copies as stay under ``sentences``
        from drafter.edited import read_edited

        write(0)
        alone = len(read_edited(path).sentences)
        write(1)
        per = len(read_edited(path).sentences) - alone
        copies = (sentences - alone) // per
    write(copies)


def make_inputs(folder: Path, store: Path) -> list[Case]:
    """Write every input into ``folder``; the cases that read them."""
    py = sys.executable
    _numbering_bomb(folder / "numbering.docx")
    _paragraph_bomb(folder / "paragraphs.docx")
    body = (ASK * (100_000 // len(ASK) + 1))[:100_000]
    (folder / "long_rec.txt").write_text(
        f"关于支持科技企业发展的建议\n\n建议一：{body}\n建议二：完善人才公寓配套。\n",
        encoding="utf-8")
    line = "关于支持科技企业发展的建议：" + ASK * (15 * 2**20 // len(ASK.encode()))
    (folder / "one_line.txt").write_text(line, encoding="utf-8")
    _edited_draft(py, store, folder / "edited.md", ROOT)
    script = folder / "many.py"
    script.write_text(
        "import sys\nfrom pathlib import Path\nfrom drafter import Drafter\n"
        "from drafter.config import load_settings\nfrom drafter.types import Proposal, "
        "Recommendation\n"
        "store = Path(sys.argv[1])\n"
        "d = Drafter(load_settings(store.parent / 'drafter.toml', store=store))\n"
        f"asks = {ASK!r}.rstrip('。').split('，')\n"
        "recs = [Recommendation(number=n, label=f'{n}.', text=f'{asks[n % 3]}，第{n}项。') "
        "for n in range(1, 5001)]\n"
        "p = Proposal(title='关于支持科技企业发展的建议', lang='zh', recommendations=recs, "
        "source_path='5000 recommendations')\n"
        "try:\n    print(len(d.draft(p).sections), 'sections')\n"
        "except Exception as exc:\n    print(exc, file=sys.stderr)\n    sys.exit(2)\n",
        encoding="utf-8")
    draft = ["{python}", "-m", "drafter", "draft", "{file}", "--store", "{store}"]
    check = ["{python}", "-m", "drafter", "check", "{file}", "--store", "{store}"]
    parse = ["{python}", "-m", "drafter", "parse", "{file}"]
    _paragraph_bomb(folder / "paragraphs_at_limit.docx", limits.MAX_DOCX_BLOCKS - 10)
    count = limits.MAX_PROPOSAL_CHARS // len(ASK) - 1
    (folder / "one_line_at_limit.txt").write_text("关于支持科技企业发展的建议：" + ASK * count,
                                                  encoding="utf-8")
    lines = "\n".join(f"{n}. {ASK[(n % 3) * 12:(n % 3) * 12 + 12]}第{n}项。"
                      for n in range(1, limits.MAX_RECOMMENDATIONS + 1))
    (folder / "recs_at_limit.txt").write_text(f"关于支持科技企业发展的建议\n{lines}\n",
                                              encoding="utf-8")
    _edited_draft(py, store, folder / "edited_at_limit.md", ROOT,
                  sentences=limits.MAX_CHECK_SENTENCES)
    at_limits = [
        Case("100,000 paragraphs less 10 (.docx)", "paragraphs_at_limit.docx", parse, False),
        Case("1,000,000-character one-line proposal", "one_line_at_limit.txt", draft, False),
        Case("200 recommendations", "recs_at_limit.txt", draft, False),
        Case("check of up to 1,000 sentences", "edited_at_limit.md", check, False),
    ]
    return [
        Case("numbering from 10^11 (.docx, 40 items)", "numbering.docx",
             ["{python}", "-m", "drafter", "parse", "{file}"]),
        Case("3 million paragraphs (.docx)", "paragraphs.docx",
             ["{python}", "-m", "drafter", "parse", "{file}"]),
        Case("100,000-character recommendation", "long_rec.txt", draft),
        Case("15 MB one-line proposal", "one_line.txt", draft),
        Case("5,000 recommendations", "many.py", ["{python}", "{file}", "{store}"]),
        Case("check of a 15 MB edited draft", "edited.md", check),
        *at_limits,
    ]


def _env(code: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("DRAFTER_")}
    return keep | {"PYTHONPATH": str(code), "DRAFTER_CONFIG": "/nonexistent/drafter.toml"}


def run(case: Case, folder: Path, store: Path, code: Path, timeout: float,
        memory_gb: float) -> tuple[str, str, str, str]:
    """Seconds, peak memory, exit code and last stderr line of one case."""
    command = [part.format(python=sys.executable, file=folder / case.file, store=store)
               for part in case.command]
    limit = int(memory_gb * 2**30)

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        os.setsid()

    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, cwd=folder,
                                env=_env(code), preexec_fn=cap)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        err.seek(0)
        lines = [ln for ln in err.read().decode("utf-8", "replace").splitlines() if ln.strip()]
    last = lines[-1].replace(str(folder) + "/", "").replace("|", "/")[:150] if lines else ""
    took = f"> {timeout:.0f} (killed)" if killed.is_set() else f"{seconds:.1f}"
    return took, f"{usage.ru_maxrss / 2**20:.2f} GB", str(proc.returncode), last


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", help="git revision to compare with (e.g. the commit "
                        "before the limits)")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--memory-gb", type=float, default=6.0)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--only", default="", help="run only the cases whose name has this")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="drafter-limits-"))
    store = work / "store"
    (work / "drafter.toml").write_text("[drafter]\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "drafter", "index", *[str(ROOT / c) for c in CORPUS],
                    "--store", str(store)], check=True, capture_output=True, cwd=work,
                   env=_env(ROOT))
    cases = make_inputs(work, store)
    codes = [("after", ROOT)]
    if args.before:
        old = work / "before"
        old.mkdir()
        tar = subprocess.run(["git", "archive", args.before, "drafter", "prompts"], cwd=ROOT,
                             capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=tar, check=True)
        codes.insert(0, (f"before ({args.before})", old))
    rows = ["| input | size | code | seconds | peak memory | exit | last line of stderr |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for case in (c for c in cases if args.only in c.name):
        size = (work / case.file).stat().st_size
        for label, code in codes if case.before else codes[-1:]:
            took, peak, exit_code, last = run(case, work, store, code, args.timeout,
                                              args.memory_gb)
            row = (f"| {case.name} | {size / 2**10:,.0f} KB | {label} | {took} | {peak} | "
                   f"{exit_code} | {last} |")
            print(row, flush=True)
            rows.append(row)
    if args.out:
        args.out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
