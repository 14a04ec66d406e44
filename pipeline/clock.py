"""Milliseconds as clock text: the one formatter behind SMIL, WebVTT, the feed and the pages.

    smil(83_456)     -> "0:01:23.456"   SMIL / EPUB media:duration full clock value
    vtt(83_456)      -> "00:01:23.456"  WebVTT cue times, Podlove chapter starts (NPT)
    mmss(83_456)     -> "1:23"          pages and itunes:duration (rounded; h:mm:ss past an hour)
    minutes(83_456)  -> "1:23"          report.json's duration (whole minutes, never hours; floored)
"""

from __future__ import annotations


def clock(ms: int | float, *, hours: str = "always", hour_digits: int = 1, millis: bool = True,
          rounded: bool = False) -> str:
    """``hours``: "always", "auto" (only past an hour) or "never" (minutes count on past 59)."""
    total = int(round(ms)) if millis else (int(round(ms / 1000)) * 1000 if rounded else int(ms) // 1000 * 1000)
    s, frac = divmod(total, 1000)
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    tail = f".{frac:03d}" if millis else ""
    if hours == "never" or (hours == "auto" and not h):
        return f"{m + 60 * h}:{sec:02d}{tail}"
    return f"{h:0{hour_digits}d}:{m:02d}:{sec:02d}{tail}"


def smil(ms: int) -> str:
    return clock(ms)


def vtt(ms: int) -> str:
    return clock(ms, hour_digits=2)


def mmss(ms: int | float) -> str:
    return clock(ms, hours="auto", millis=False, rounded=True)


def minutes(ms: int) -> str:
    return clock(ms, hours="never", millis=False)
