"""The ``drafter`` command: a thin typer app over the library.

Exit codes: 0 ok, 1 a failed check or store problem, 2 bad input or
configuration, 3 a draft written although the model could not be reached for
some sections (they quote the evidence instead; ``--allow-fallback`` accepts it).
Only ``DrafterError`` is translated into one red line;
anything else is a bug and shows its traceback.  ``DRAFTER_RAISE_ERRORS=1``
re-raises drafter's own errors too.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from drafter._cli_checks import (
    OneLineUsage,
    check_output,
    nesting_guard,
    one_line,
    output_format,
    write_output,
)
from drafter._safe_text import SafeConsole, json_terminal, redact_text, terminal_text
from drafter._version import __version__
from drafter.errors import DrafterError, InputError, StoreError
from drafter.retrieve import Filters

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  cls=OneLineUsage,
                  help="Draft cited official replies to proposals from an indexed corpus.")
# Document text reaches the terminal as text: no escape sequences, no emoji codes, no markup.
err = SafeConsole(stderr=True, soft_wrap=True)
out = SafeConsole(highlight=False, soft_wrap=True, markup=False)

StoreOpt = Annotated[Path | None,
                     typer.Option("--store", help="Store folder (default ./.drafter).")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="drafter.toml to read.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]


def _version(value: bool) -> None:
    if value:
        out.print(f"drafter {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """drafter: draft cited official replies to proposals."""


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except DrafterError as exc:
        if os.environ.get("DRAFTER_RAISE_ERRORS"):
            raise
        err.print(f"[red]error:[/red] {escape(one_line(redact_text(str(exc))))}", highlight=False,
                  soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None]]:
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   console=err, transient=True, disable=not err.is_terminal)
    tasks: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    with bar:
        yield update


def _drafter(store: Path | None, config: Path | None, **overrides: Any) -> Any:
    from drafter.api import Drafter
    from drafter.config import load_settings

    return Drafter(load_settings(config, store=store, **overrides))


def _emit(data: Any) -> None:
    sys.stdout.write(json_terminal(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


@app.command()
def index(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders to index.")] = None,
    store: StoreOpt = None, config: ConfigOpt = None,
    rebuild: Annotated[bool, typer.Option(
        "--rebuild", help="Build afresh beside the live index, then switch to it.")] = False,
    follow_links: Annotated[bool, typer.Option(
        "--follow-links", help="Follow symbolic links inside the folders.")] = False,
    verify: Annotated[bool, typer.Option(
        "--verify", help="Only check the store's health (exit 1 when it is not healthy).")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Build or update the index (incremental: unchanged files are skipped).

    Each run checks the store first and repairs what it can, saying what it repaired.
    """
    with _errors():
        d = _drafter(store, config)
        if verify:
            from drafter.index.health import verify_command

            raise typer.Exit(verify_command(d.store, as_json, out.print, _emit))
        if not paths:
            raise InputError("give the files or folders to index: drafter index PATH...")
        with _progress() as progress:
            report = d.store.index(paths, rebuild=rebuild, follow_links=follow_links,
                                   progress=progress)
        summary = {"added": len(report.added), "updated": len(report.updated),
                   "removed": len(report.removed), "unchanged": report.unchanged,
                   "skipped": report.skipped, "measures": report.measures,
                   "embedded": report.embedded, "store": str(d.store.root),
                   "proposals": report.proposals, **report.health_summary()}
        if as_json:
            _emit(summary)
        else:
            out.print(f"indexed {summary['added']} new, {summary['updated']} changed, "
                      f"{summary['removed']} removed, {summary['unchanged']} unchanged file(s)"
                      f"{report.reread_note()}; {report.measures} measures in {d.store.root}")
            if report.proposals:
                out.print(f"{len(report.proposals)} file(s) read as proposals, indexed for "
                          f"reference and never cited: {_folders(report.proposals)}",
                          highlight=False, soft_wrap=True)
        for line in report.notes():
            err.print(line, markup=False, highlight=False, soft_wrap=True)
        for problem in report.skipped:
            err.print(f"[yellow]skipped:[/yellow] {escape(problem)}", highlight=False,
                      soft_wrap=True)
        if report.skipped:
            raise typer.Exit(2)


def _folders(paths: list[str]) -> str:
    """``a/ (3), b/x.txt``: files grouped by folder, a folder of one named by its file."""
    groups: dict[str, list[str]] = {}
    for p in paths:
        path = Path(p)
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            pass
        groups.setdefault(str(path.parent), []).append(str(path))
    return ", ".join(files[0] if len(files) == 1 else f"{folder}/ ({len(files)})"
                     for folder, files in groups.items())


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="Proposal file (.txt .md .docx .pdf .html).")],
    as_json: JsonOpt = False,
) -> None:
    """Show the numbered recommendations found in a proposal."""
    with _errors():
        from drafter.api import parse_source

        proposal = parse_source(file)
        if as_json:
            _emit(proposal.model_dump(mode="json"))
            return
        out.print(f"title: {proposal.title}\nnumber: {proposal.number}\n"
                  f"proposers: {'、'.join(proposal.proposers)}\n"
                  f"recommendations: {len(proposal.recommendations)}"
                  + ("" if proposal.numbering_found else " (no numbering found)"))
        for rec in proposal.recommendations:
            text_line = rec.text.replace("\n", " ")
            out.print(f"  {rec.number}. [{rec.label}] {text_line[:120]}")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Free text to find evidence for.")],
    k: Annotated[int, typer.Option("-k", min=1, max=100, help=(
        "How many results, shown highest score first."))] = 8,
    kind: Annotated[str | None, typer.Option(
        help="Only this kind of document: policy, reply or other.")] = None,
    issuer: Annotated[str | None, typer.Option(
        help="Only documents whose issuer contains this.")] = None,
    since: Annotated[str | None, typer.Option(
        help="Only documents dated on or after YYYY[-MM[-DD]].")] = None,
    until: Annotated[str | None, typer.Option(
        help="Only documents dated on or before YYYY[-MM[-DD]].")] = None,
    store: StoreOpt = None, config: ConfigOpt = None, as_json: JsonOpt = False,
) -> None:
    """Show the evidence the index holds for a query."""
    with _errors():
        if not query.strip():
            raise InputError("the query is empty")
        filters = Filters.parse(kind=kind, issuer=issuer, since=since, until=until)
        d = _drafter(store, config)
        results = d.search(query, k, filters)
        if not results:
            err.print(f"no evidence found for '{query}' in {d.store.root}", markup=False)
        if as_json:
            _emit({"query": query, "results": [
                {"id": e.id, "text": e.text, "score": e.score, "relevance": e.relevance,
                 "source": e.source.model_dump(mode="json"),
                 "corroborated_by": e.corroborated_by, "via": e.via,
                 "superseded_by": e.superseded_by} for e in results]})
            return
        for n, e in enumerate(results, 1):
            out.print(f"{n}. ({e.score:.3f}) {e.text}\n   — {e.source.title} · "
                      f"{e.source.section} [{e.id}]")


@app.command()
def draft(
    file: Annotated[Path, typer.Argument(help="Proposal file to answer.")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Write to OUT.md, OUT.json or OUT.docx (checked before "
        "drafting).")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help=(
        "md, json or docx; with -o it must agree with the file's extension."))] = None,
    llm: Annotated[str | None, typer.Option(
        "--llm", help="Draft with this chat model, PROVIDER:MODEL (openai:gpt-4o-mini, "
        "ollama:qwen2.5:7b, …); 'none' for the extractive composer. Default: DRAFTER_LLM "
        "or drafter.toml, else extractive.")] = None,
    allow_fallback: Annotated[bool, typer.Option(
        "--allow-fallback", help="Exit 0 even when the model could not be reached for some "
        "sections (they quote the evidence instead); without it such a run exits 3.")] = False,
    store: StoreOpt = None, config: ConfigOpt = None, as_json: JsonOpt = False,
) -> None:
    """Draft a cited reply to a proposal.

    Exit 3 when the draft was written but the model could not be reached for a
    section (see ``model_run`` in the JSON output), unless fallbacks are allowed.
    """
    with _errors():
        from drafter.render import render

        fmt = output_format(output, fmt, as_json)
        if output is not None:
            check_output(output)
        d = _drafter(store, config, llm=llm, allow_fallback=allow_fallback or None)
        proposal = d.parse(file)
        d.composer  # noqa: B018  (a bad model spec fails here, before any indexing)
        with _progress() as progress:
            if not d.store.exists() and all(Path(p).exists() for p in d.settings.corpus):
                err.print(f"no index in {d.store.root} yet: indexing "
                          f"{', '.join(map(str, d.settings.corpus))} first", markup=False)
            d.ensure_index(progress=progress)
            reply = d.draft(proposal, progress=progress)
        run = _model_run(reply, d)
        if fmt == "docx":
            from drafter.render.docx import render_docx

            labels = d.settings.stance_labels_en if reply.lang == "en" else d.settings.stance_labels
            assert output is not None
            write_output(output, render_docx(reply, stance_labels=labels))
            err.print(f"wrote {output} ({len(reply.sections)} sections)", markup=False)
            _fallback_exit(run, d.settings.allow_fallback)
            return
        allowed = d.settings.allow_fallback
        text = run.draft_json(reply, allowed) if fmt == "json" else render(reply, fmt)
        if output is None:
            sys.stdout.write(terminal_text(text if text.endswith("\n") else text + "\n"))
            _fallback_exit(run, allowed)
            return
        write_output(output, text)
        err.print(f"wrote {output} ({len(reply.sections)} sections)", markup=False)
        _fallback_exit(run, allowed)


#: What ``drafter schema`` can describe: the record behind each JSON output.
SCHEMAS = {
    "draft": ("drafter.types", "DraftReply"),
    "parse": ("drafter.types", "Proposal"),
    "check": ("drafter.edited", "EditCheckReport"),
    "eval": ("drafter.eval_records", "RunResult"),
    "comparison": ("drafter.gate", "Comparison"),
}


@app.command()
def schema(
    what: Annotated[str, typer.Argument(
        help="Which output: draft (default), parse, check, eval or comparison.")] = "draft",
) -> None:
    """Print the JSON Schema of a JSON output (the draft by default)."""
    with _errors():
        import importlib

        if what not in SCHEMAS:
            raise InputError(f"no schema '{what}'; known: {', '.join(SCHEMAS)}")
        module, name = SCHEMAS[what]
        model = getattr(importlib.import_module(module), name)
        _emit(model.model_json_schema())


@app.command()
def check(
    file: Annotated[Path, typer.Argument(
        help="A draft, perhaps edited: .docx, .md, .json or .txt.")],
    k: Annotated[int, typer.Option("-k", min=1, max=20, help=(
        "Evidence searched for a sentence whose citation markers are gone."))] = 3,
    store: StoreOpt = None, config: ConfigOpt = None, as_json: JsonOpt = False,
) -> None:
    """Check the facts of a draft a person has edited against its sources.

    Sentences keep their citations where the markers survived; the others are
    checked against what the index finds for them.  Exit 1 when any fact is
    unsupported.
    """
    with _errors():
        from drafter.edited import check_edited, render_text

        if not file.exists():
            raise InputError("no such file", path=str(file))
        d = _drafter(store, config)
        with _progress() as progress:
            d.ensure_index(progress=progress)
        with nesting_guard(file):
            report = check_edited(file, d, k=k)
        if as_json:
            _emit(report.model_dump(mode="json"))
        else:
            out.print(render_text(report))
        if not report.ok:
            raise typer.Exit(1)


def _fallback_exit(run: Any, allowed: bool) -> None:
    """Exit 3, saying why, when the model could not be reached and fallbacks are not allowed."""
    if run.exit_code(allowed):
        err.print(f"[red]error:[/red] {escape(run.problem())}", highlight=False)
        raise typer.Exit(run.exit_code(allowed))


def _model_run(reply: Any, d: Any) -> Any:
    """Who wrote each section; for a model's draft, its summary on stderr."""
    from drafter.model_run import ModelRun

    run = ModelRun.of(reply, d.last_trace, d.composer.describe())
    for line in run.report(reply):
        err.print(line, markup=False)
    return run


@app.command()
def runs(
    n: Annotated[int, typer.Option("-n", min=1, help="How many of the latest runs.")] = 20,
    store: StoreOpt = None, config: ConfigOpt = None, as_json: JsonOpt = False,
) -> None:
    """List the latest draft runs recorded in the store (oldest first)."""
    with _errors():
        from drafter.config import load_settings
        from drafter.runlog import RunLog, redact

        root = load_settings(config, store=store).store
        if root.exists() and not root.is_dir():
            raise StoreError(f"{root}: the store is not a folder; give its folder with --store")
        log = RunLog(root)
        records = log.read(limit=n)
        if log.skipped:
            err.print(f"skipped {log.skipped} unreadable line(s) in {log.path}", markup=False)
        if as_json:
            _emit(redact([r.model_dump(mode="json") for r in records]))
            return
        if not records:
            out.print(f"no runs recorded in {root} yet")
            return
        out.print("time                 run       composer    model                 "
                  "sections fallbacks unsupported  proposal")
        for r in records:
            title = r.proposal.get("title") or r.proposal.get("path") or "-"
            model = str(r.model.get("id") or "-")
            out.print(f"{r.time[:19].replace('T', ' '):<20} {r.run_id[:8]:<9} {r.composer:<11} "
                      f"{model[:21]:<21} {len(r.sections):>8} {r.fallbacks:>9} "
                      f"{r.unsupported_facts:>11}  {title}")


#: Golden case files ``drafter eval`` uses when none is given (those that exist).
DEFAULT_CASES = (Path("evals/drafting/sample.jsonl"), Path("evals/drafting/real.jsonl"))
DEFAULT_CONFIG = Path("evals/configs/baseline.toml")


@app.command("eval")
def eval_(
    config: Annotated[Path | None, typer.Option(
        "--config", help="Eval configuration to score alone (default evals/configs/baseline.toml)."
    )] = None,
    baseline: Annotated[Path | None, typer.Option(
        help="Baseline: an eval configuration (.toml) or a saved result (.json).")] = None,
    candidate: Annotated[Path | None, typer.Option(
        help="Candidate: an eval configuration (.toml) or a saved result (.json).")] = None,
    cases: Annotated[list[Path] | None, typer.Option(
        "--cases", help="Golden case files (default evals/drafting/sample.jsonl and real.jsonl)."
    )] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for results and reports.")] = Path(
        "eval-results"),
    resamples: Annotated[int, typer.Option(min=100, help="Bootstrap resamples.")] = 10_000,
    seed: Annotated[int, typer.Option(help="Bootstrap seed.")] = 0,
    checker: Annotated[bool, typer.Option(
        "--checker/--no-checker", help="Also measure the checker on injected errors.")] = True,
    store: Annotated[Path | None, typer.Option(
        "--store", help="Draft from this index instead of building the eval index.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Score drafts on the golden cases; with --baseline and --candidate, gate the candidate.

    Exit 1 when a case could not be drafted, when no case was drafted by both sides,
    when the candidate's fact grounding or coverage is worse beyond the bootstrap
    interval, or when it states an unsupported fact the baseline did not.
    """
    with _errors():
        from drafter.eval_cli import run_eval

        if (baseline is None) != (candidate is None):
            raise InputError("give both --baseline and --candidate, or neither")
        found = cases or [p for p in DEFAULT_CASES if p.is_file()]
        if not found:
            raise InputError("no golden cases: pass --cases FILE (see evals/README.md)")
        with _progress() as progress:
            code, text, data = run_eval(
                config=config or (DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None),
                baseline=baseline, candidate=candidate, cases=found, out=out_dir,
                resamples=resamples, seed=seed, checker=checker, store=store,
                progress=progress)
        if as_json:
            _emit(data)
        else:
            sys.stdout.write(terminal_text(text if text.endswith("\n") else text + "\n"))
        if code:
            raise typer.Exit(code)


if __name__ == "__main__":  # pragma: no cover
    app()
