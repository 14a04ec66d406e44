"""``python -m tests.bench [bench|eval] [NAME...]``: run benchmark and/or evaluation modules."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

import tests.bench as pkg


def main(argv: list[str]) -> int:
    kinds = {"bench", "eval"}
    if argv and argv[0] in kinds:
        kinds = {argv[0]}
        argv = argv[1:]
    names = sorted(m.name for m in pkgutil.iter_modules(pkg.__path__) if m.name.split("_")[0] in kinds)
    if argv:
        names = [n for n in names if any(a in n for a in argv)]
    failed = 0
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        t = time.perf_counter()
        try:
            importlib.import_module(f"tests.bench.{name}").run()
        except Exception as e:  # one benchmark failing must not hide the others' figures
            failed += 1
            print(f"{name}: FAILED: {type(e).__name__}: {e}")
        print(f"({name}: {time.perf_counter() - t:.1f} s)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
