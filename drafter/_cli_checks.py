"""What the CLI checks before and after the work: the output file, error lines, deep JSON.

``drafter draft -o FILE`` checks the file before drafting (a folder, a missing
folder, no permission to write, a format its extension contradicts) and writes
it with one clear line when the disk fails after all (``/dev/full``).  Every
error the CLI prints is one line (``one_line``).
"""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from typer.core import TyperGroup

from drafter.errors import DrafterError, InputError

#: Output formats by file extension.
FORMATS = {".md": "md", ".markdown": "md", ".json": "json", ".docx": "docx"}
#: The longest error line printed; the rest is cut with an ellipsis.
MAX_LINE = 400
_HTML = re.compile(r"<!DOCTYPE[^>]*>.*?(?:</html>|$)|<html\b.*?(?:</html>|$)",
                   re.IGNORECASE | re.DOTALL)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def one_line(message: str) -> str:
    """``message`` as one line: an HTML page becomes its title, whitespace one space.

    Control characters (terminal escapes among them) are dropped and a very long
    message is cut to ``MAX_LINE`` characters.
    """
    def page(m: re.Match[str]) -> str:
        title = _TITLE.search(m[0])
        name = " ".join(title[1].split()) if title else ""
        return f"an HTML page{f' ({name})' if name else ''}"

    text = " ".join(_CONTROL.sub("", _HTML.sub(page, message)).split())
    text = text.replace("( ", "(").replace(" )", ")")
    return text if len(text) <= MAX_LINE else text[: MAX_LINE - 1] + "…"


def output_format(output: Path | None, fmt: str | None, as_json: bool) -> str:
    """The format of a draft: ``--json``, else ``--format``, else the extension, else md.

    Raises:
        InputError: an unknown format; ``--format`` or ``--json`` against the
            extension of ``-o`` (``--format md -o r.docx`` is refused, never
            written as Markdown into a .docx); docx without ``-o``; an output
            file whose format its name does not tell.
    """
    chosen = "json" if as_json else (fmt or "").strip().lower() or None
    chosen = {"markdown": "md"}.get(chosen or "", chosen)
    if chosen is not None and chosen not in {"md", "json", "docx"}:
        raise InputError(f"unknown format '{fmt}'; use md, json or docx")
    by_name = FORMATS.get(output.suffix.lower()) if output is not None else None
    if output is not None and chosen and by_name and chosen != by_name:
        flag = "--json" if as_json else f"--format {chosen}"
        raise InputError(f"{flag} does not match the file's extension ({output.suffix}); "
                         f"name it {output.stem}.{chosen} or drop {flag}", path=str(output))
    result = chosen or by_name
    if result is None and output is not None and output.suffix:
        raise InputError(f"cannot tell the format from '{output.suffix}'; name the file .md, "
                         ".json or .docx, or add --format md|json|docx", path=str(output))
    result = result or "md"
    if result == "docx" and output is None:
        raise InputError("a .docx draft needs a file: -o reply.docx")
    return result


def check_output(output: Path) -> None:
    """Refuse an output file that cannot be written, before any work is done.

    Raises:
        InputError: the path is a folder, its folder does not exist or is not a
            folder, or it (or its folder, for a new file) is not writable.
    """
    if output.is_dir():
        raise InputError("is a folder; give a file name for the draft, e.g. reply.md",
                         path=str(output))
    parent = output.parent
    if not parent.is_dir():
        what = "does not exist" if not parent.exists() else "is not a folder"
        raise InputError(f"the output folder {what}", path=str(output))
    target = output if output.exists() else parent
    if not os.access(target, os.W_OK):
        raise InputError("cannot write here (permission denied)", path=str(output))


def write_output(output: Path, data: str | bytes) -> None:
    """Write the draft; an error of the file system becomes one line.

    Raises:
        InputError: the path cannot be written (a folder, no permission, …).
        DrafterError: the disk refused the bytes (full, read-only, I/O error): exit 1.
    """
    raw = data.encode("utf-8", "backslashreplace") if isinstance(data, str) else data
    try:
        with open(output, "wb") as fh:
            fh.write(raw)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if exc.errno in (errno.ENOSPC, errno.EROFS, errno.EIO, errno.EDQUOT):
            raise DrafterError(f"{output}: the draft could not be written ({reason}); "
                               "free some space or write elsewhere with -o") from None
        raise InputError(f"cannot write the draft ({reason})", path=str(output)) from None


@contextmanager
def nesting_guard(path: Path) -> Iterator[None]:
    """Turn a RecursionError (JSON nested thousands deep) into a clear InputError."""
    try:
        yield
    except RecursionError:
        raise InputError("nested too deeply to be read (JSON thousands of levels deep)",
                         path=str(path)) from None


class OneLineUsage(TyperGroup):
    """The ``drafter`` command group, whose usage errors are one line too (exit 2).

    A wrong option or argument (``-k 0``, a missing file argument, an unknown
    command) prints ``error: <what is wrong> (see 'drafter CMD --help')`` instead
    of a usage block and a framed panel.
    """

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        """Run the command; in standalone mode, usage errors become one line."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args,
                                **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args,
                                **extra)
        except Exception as exc:  # click's errors, vendored by typer: known by their shape
            if not (hasattr(exc, "format_message") and isinstance(getattr(exc, "exit_code",
                                                                          None), int)):
                raise
            if type(exc).__name__ == "NoArgsIsHelpError":  # no arguments: the help, as usual
                exc.show()  # type: ignore[attr-defined]
                sys.exit(exc.exit_code)  # type: ignore[attr-defined]
            ctx = getattr(exc, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            sys.stderr.write(f"error: {one_line(exc.format_message())}{hint}\n")
            sys.exit(exc.exit_code)  # type: ignore[attr-defined]
        sys.exit(code if isinstance(code, int) else 0)
