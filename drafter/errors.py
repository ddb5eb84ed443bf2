"""Errors drafter raises on purpose.

Every message says what went wrong and what to do next.  The CLI turns
these (and only these) into one red line and an exit code::

    DrafterError                 exit 1
    ├── InputError               exit 2  bad file, empty proposal, nothing to index
    ├── ConfigError              exit 2  bad drafter.toml / flag / missing extra
    │   └── MissingExtraError            optional dependency not installed
    ├── StoreError               exit 1  the index is missing, locked or inconsistent
    │   └── EmbedderMismatchError        index built with another embedder
    └── ComposeError             exit 1  a composer could not produce a section
"""

from __future__ import annotations


class DrafterError(Exception):
    """Base class of every error drafter raises on purpose."""

    exit_code = 1


class InputError(DrafterError):
    """A file or text given to drafter cannot be used."""

    exit_code = 2

    def __init__(self, message: str, path: str | None = None) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class ConfigError(DrafterError):
    """A setting, flag or configuration file is wrong."""

    exit_code = 2


class MissingExtraError(ConfigError):
    """An optional dependency is not installed."""

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"{purpose} needs the '{package}' package: "
            f'pip install "reply-drafter[{extra}]"'
        )


class StoreError(DrafterError):
    """The index cannot be read or written as asked."""


class EmbedderMismatchError(StoreError):
    """The index was built with a different embedder than the one configured."""

    def __init__(self, store: str, built_with: str, configured: str) -> None:
        super().__init__(
            f"{store}: the index was built with embedder '{built_with}' but "
            f"'{configured}' is configured; rebuild it with "
            f"`drafter index --rebuild PATH...` or set DRAFTER_EMBEDDER={built_with}"
        )


class ComposeError(DrafterError):
    """A composer failed to produce a section."""

    def __init__(self, message: str, attempts: int = 0, last_output: str = "") -> None:
        self.attempts = attempts
        self.last_output = last_output
        super().__init__(message)
