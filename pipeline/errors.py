"""One error hierarchy. Every error a user can cause is a PipelineError with its own exit code.

The CLI catches PipelineError, prints ``error[<code>]: <message>`` and exits with ``exit_code``;
anything else is a bug and is reported as such (exit 70).
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base class: a clear message for the user and an exit code."""

    exit_code = 1
    code = "pipeline"

    def __init__(self, message: str, *, hint: str | None = None, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.problems = list(problems or [message])  # several problems found at once: one line each

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"

    def lines(self) -> list[str]:
        """What the CLI prints: one ``error[code]: problem`` line per problem, then the hint."""
        out = [f"error[{self.code}]: {p}" for p in self.problems]
        return out + ([f"  hint: {self.hint}"] if self.hint else [])


class UsageError(PipelineError):
    """Wrong command-line use (unknown article, bad option value)."""

    exit_code = 2
    code = "usage"


class InputError(PipelineError):
    """An input article cannot be read: empty, binary, too large, unknown encoding, no article."""

    exit_code = 3
    code = "input"


class ConfigError(PipelineError):
    """A data file (corrections, furniture, glossary, voice profile, lexicon) is malformed."""

    exit_code = 4
    code = "config"


class CorrectionsError(ConfigError):
    """A reviewed correction does not apply as reviewed (count mismatch, bad context)."""

    exit_code = 5
    code = "corrections"


class DependencyError(PipelineError):
    """A required system tool (espeak-ng, ffmpeg, java) is missing or broken."""

    exit_code = 6
    code = "dependency"


class SynthesisError(PipelineError):
    """Text-to-speech failed for a sentence after retries."""

    exit_code = 7
    code = "synthesis"


class OutputError(PipelineError):
    """An output could not be written (unsafe path, read-only directory, disk full)."""

    exit_code = 8
    code = "output"


class BatchError(PipelineError):
    """One or more articles in a batch failed (each is recorded in the ledger)."""

    exit_code = 9
    code = "batch"


EXIT_BUG = 70  # an unexpected exception: a bug in the pipeline, not in the input


_WARNED: set[str] = set()


def warn(message: str) -> None:
    """``warning: message`` on stderr, once per message and process: something the user should know
    that does not stop the work (a fallback taken, a default that is probably wrong)."""
    if message not in _WARNED:
        _WARNED.add(message)
        import sys

        print(f"warning: {message}", file=sys.stderr)
