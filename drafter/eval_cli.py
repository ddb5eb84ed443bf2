"""What ``drafter eval`` does: score one configuration, or gate a candidate against a baseline.

One configuration: every golden case is drafted and scored (``run_config``),
the result is saved as ``<out>/<name>.json`` and the per-metric means are
printed per golden file.  Baseline and candidate: each is a configuration
(run now, over the same frozen index when they share an embedder) or a saved
result (``.json``, used as it is); the two are compared item by item
(``drafter.gate.compare``) and the reports are written to ``<out>``:
``comparison.md``, ``comparison.json`` and ``comparison.html``.  The exit code is 1
when the gate fails.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from drafter.errors import InputError
from drafter.eval_records import METRICS, RunResult

Progress = Callable[[str, int, int], None]


def run_or_load(spec: Path | None, cases: Sequence[Any], *, checker: bool,
                store: Path | None, progress: Progress | None) -> RunResult:
    """The result of a configuration (run now) or of a saved result file."""
    from drafter.config import load_settings
    from drafter.evaluation import run_config

    if spec is not None and spec.suffix == ".json":
        if not spec.is_file():
            raise InputError("no such eval result", path=str(spec))
        try:
            return RunResult.model_validate_json(spec.read_text(encoding="utf-8"))
        except (ValidationError, UnicodeDecodeError) as exc:
            raise InputError(f"not an eval result ({str(exc).splitlines()[0]})",
                             path=str(spec)) from None
    if spec is not None and not spec.is_file():
        raise InputError("eval configuration not found; see evals/configs/", path=str(spec))
    return run_config(spec if spec is not None else load_settings(), cases, store=store,
                      progress=progress, suite=checker)


def _save(run: RunResult, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(run.model_dump_json(indent=2), encoding="utf-8")


def summary(run: RunResult, groups: dict[str, list[str]]) -> str:
    """Per-metric means for each golden file, then the suite scores, as Markdown."""
    from drafter.evaluation import means

    name = run.config.get("name", "")
    lines = [f"## {name}" if name else "## eval", "",
             "| cases | n | " + " | ".join(METRICS) + " |",
             "| --- | ---: |" + " ---: |" * len(METRICS)]
    for group, ids in groups.items():
        values = means(run, ids)
        cells = ["–" if values[m] is None else f"{values[m]:.3f}" for m in METRICS]
        lines.append(f"| {group} | {len(ids)} | " + " | ".join(cells) + " |")
    errors = [i for i in run.items if i.error]
    if errors:
        lines += ["", f"{len(errors)} case(s) could not be drafted:"]
        lines += [f"- {i.item}: {i.error}" for i in errors]
    unsupported = [(i.item, u) for i in run.items for u in i.unsupported]
    lines += ["", f"unsupported facts: {len(unsupported)}"]
    lines += [f"- {item} (recommendation {u.recommendation}): {u.fact} — {u.sentence}"
              for item, u in unsupported]
    if run.suite:
        keys = ("checker_recall_min", "checker_precision_min", "checker_fp_rate")
        shown = [f"{k} {run.suite[k]}" for k in keys if k in run.suite]
        lines += ["", "checker on injected errors: " + ", ".join(shown)]
    return "\n".join(lines) + "\n"


def check_out(out: Path) -> None:
    """Refuse an output folder that is a file or cannot be made, before anything runs.

    Raises:
        InputError: ``out`` is a file, or under one, or cannot be created.
    """
    if out.exists() and not out.is_dir():
        raise InputError("--out must be a folder for the results, not a file", path=str(out))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the results folder ({exc.strerror or exc})",
                         path=str(out)) from None


def read_cases(cases: Sequence[Path]) -> tuple[list[Any], dict[str, list[str]]]:
    """The golden cases of every file, and their ids by file.

    Raises:
        InputError: a missing, unreadable or empty case file, JSON nested too deeply,
            or a case whose proposal file does not exist.
    """
    from drafter.evaluation import load_cases

    loaded: list[Any] = []
    groups: dict[str, list[str]] = {}
    for path in cases:
        if not path.is_file():
            raise InputError("no such golden case file", path=str(path))
        try:
            found = load_cases(path)
        except RecursionError:
            raise InputError("a line holds JSON nested too deeply to be a golden case",
                             path=str(path)) from None
        except InputError as exc:  # a document a case names: say which case file names it
            if str(path) in str(exc):
                raise
            raise InputError(str(exc), path=str(path)) from None
        if not found:
            raise InputError("no golden cases in this file (one JSON object a line; see "
                             "evals/README.md)", path=str(path))
        for case in found:
            if not Path(case.proposal).is_file():
                raise InputError(f"case '{case.id}': no proposal file at {case.proposal}",
                                 path=str(path))
        loaded += found
        groups[path.stem] = [c.id for c in found]
    return loaded, groups


def run_eval(*, config: Path | None, baseline: Path | None, candidate: Path | None,
             cases: Sequence[Path], out: Path, resamples: int = 10_000, seed: int = 0,
             checker: bool = True, store: Path | None = None, progress: Progress | None = None
             ) -> tuple[int, str, dict[str, Any]]:
    """Run ``drafter eval``: (exit code, text for the terminal, JSON for ``--json``).

    ``store`` is a frozen index to draft from instead of the eval index that
    ``drafter.evaluation.eval_store`` builds for the configuration's embedder.

    Exit code 1 when a case could not be drafted or the gate fails.

    Raises:
        InputError: a missing or empty case file, a case without its proposal, an
            ``out`` that is no folder, a missing configuration or saved result.
    """
    check_out(out)
    loaded, groups = read_cases(cases)
    if baseline is None or candidate is None:
        run = run_or_load(config, loaded, checker=checker, store=store, progress=progress)
        name = str(run.config.get("name") or "eval")
        _save(run, out / f"{name}.json")
        text = summary(run, groups) + f"\nsaved {out / f'{name}.json'}\n"
        failed = any(i.error for i in run.items)  # a case not drafted is a failed eval
        return int(failed), text, run.model_dump(mode="json")
    from drafter.gate import compare, write_reports
    from drafter.gate_report import render_markdown

    base = run_or_load(baseline, loaded, checker=checker, store=store, progress=progress)
    cand = run_or_load(candidate, loaded, checker=False, store=store, progress=progress)
    _save(base, out / "baseline.json")
    _save(cand, out / "candidate.json")
    cmp = compare(base, cand, resamples=resamples, seed=seed)
    paths = write_reports(cmp, out)
    text = (render_markdown(cmp) + "\n" + summary(base, groups) + summary(cand, groups)
            + "\nreports: " + ", ".join(str(p) for p in paths.values()) + "\n")
    return (0 if cmp.passed else 1), text, cmp.model_dump(mode="json")
