"""How far caption cue starts are from where the sound really starts (a forced reference).

At a comma or full stop espeak-ng pauses; the next word starts where the sound resumes. For every
cue that starts right after such a pause, the reference is the decoded MP3's own sound onset
after the last silence (>= 40 ms below -45 dBFS, 5 ms frames) within 300 ms around the cue start.
``python -m tests.caption_error OUT_DIR`` prints the errors (ms) of a built narration, and the
same for the fallback (word starts placed by characters, no engine events) for comparison.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

FRAME_MS = 10  # a whole number of samples at 22050 and 44100 Hz
SILENT_DB = -45.0
MIN_GAP_MS = 80  # longer than a stop consonant's closure
WINDOW_MS = 300


def _loud(mp3: Path) -> np.ndarray:
    from tests.audio_support import decode

    x, rate = decode(mp3)
    if (rate * FRAME_MS) % 1000:
        raise ValueError(f"{rate} Hz has no whole number of samples in {FRAME_MS} ms")
    n = rate * FRAME_MS // 1000
    frames = x[: len(x) // n * n].reshape(-1, n)
    rms = np.sqrt((frames ** 2).mean(axis=1))
    return 20 * np.log10(np.maximum(rms, 1e-9)) > SILENT_DB


def onset_near(loud: np.ndarray, ms: int) -> int | None:
    """The start of sound after the last >= MIN_GAP_MS silence within WINDOW_MS of ``ms``."""
    lo, hi = max(0, (ms - WINDOW_MS) // FRAME_MS), min(len(loud), (ms + WINDOW_MS) // FRAME_MS)
    best, run = None, 0
    for i in range(lo, hi):
        if not loud[i]:
            run += 1
        else:
            if run * FRAME_MS >= MIN_GAP_MS:
                cand = i * FRAME_MS
                if best is None or abs(cand - ms) < abs(best - ms):
                    best = cand
            run = 0
    return best


def boundary_errors(mp3: Path, timing: dict, cues_of=None) -> list[int]:
    """cue start - reference onset (ms) for cues (after the first of a sentence) that follow
    punctuation. ``cues_of(sentence) -> parts`` lets a caller compare other cue times."""
    loud = _loud(mp3)
    out = []
    for s in timing["sentences"]:
        parts = cues_of(s) if cues_of else s.get("parts", [])
        for prev, cue in zip(parts, parts[1:]):
            if prev["text"].rstrip()[-1:] in ",.;:!?":
                ref = onset_near(loud, cue["start_ms"])
                if ref is not None:
                    out.append(cue["start_ms"] - ref)
    return out


def main(out_dir: str) -> None:
    from pipeline.speech.captions import sentence_cues

    out = Path(out_dir)
    timing = json.loads((out / "timing.json").read_text())
    script = {s["id"]: s for s in json.loads((out / "script.json").read_text())["sentences"]}
    mp3 = out / timing["audio"]

    def fallback(s):  # the same cue words, timed by characters only (an engine without word events)
        sp = script[s["id"]]
        return [c.to_dict() for c in sentence_cues(sp["text"], sp["spoken"], None, s["start_ms"], s["end_ms"])]

    for name, fn in (("engine word events", None), ("fallback (characters)", fallback)):
        e = np.abs(np.array(boundary_errors(mp3, timing, fn)))
        print(f"{name}: {len(e)} boundaries, mean {e.mean():.0f} ms, median {np.median(e):.0f} ms, "
              f"95th {np.percentile(e, 95):.0f} ms, max {e.max():.0f} ms")


if __name__ == "__main__":
    main(sys.argv[1])
