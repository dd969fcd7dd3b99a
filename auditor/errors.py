"""Errors a user can cause, each with a distinct exit code (documented in the README).

Messages are one line: what went wrong, then how to fix it.
"""

from __future__ import annotations


class CxauditError(Exception):
    exit_code = 1

    def __init__(self, problem: str, fix: str = "") -> None:
        self.problem = problem
        self.fix = fix
        super().__init__(f"{problem} — {fix}" if fix else problem)


class UsageError(CxauditError):
    exit_code = 2


class ConfigError(CxauditError):
    exit_code = 3


class SiteError(CxauditError):
    """The site could not be audited: unreachable, DNS failure, not HTML, robots disallow all."""

    exit_code = 4


class OutputError(CxauditError):
    exit_code = 5


class BuildError(CxauditError):
    exit_code = 6


class Interrupted(CxauditError):
    exit_code = 130
