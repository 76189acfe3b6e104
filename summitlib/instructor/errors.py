"""The errors the instructor tools raise, each saying what was wrong and what to do."""

from __future__ import annotations

__all__ = ["OverwriteError", "ReleaseError", "SandboxRequired"]


class ReleaseError(ValueError):
    """A notebook cannot be released as it is (a malformed exercise cell, a leaked solution)."""


class OverwriteError(FileExistsError):
    """The output already exists and ``force`` was not given."""


class SandboxRequired(RuntimeError):
    """No sandbox can be made on this machine and ``unsafe_no_sandbox`` was not given."""
