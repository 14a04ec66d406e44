"""Mutation testing of the core modules (``make mutate``; minutes, never part of ``make test``).

For each core module listed in ``pyproject.toml`` (``[tool.mutmut.modules]``: module -> its fast,
in-process test files) this runs mutmut (pinned, ``[tool.mutmut]``) in its own folder
``output/mutation/work/<module>/`` so that only that module is mutated and only its tests run.
Then it prints one score table and every surviving mutant (file:line and the changed line), and
writes them to ``output/mutation/``: ``scores.md``, ``scores.json`` and ``survivors.txt``
(a unified diff per survivor).

A module of which only some functions are core (the input hasher in pipeline/batch/outputs.py)
lists them in ``[tool.mutmut.functions]``; only their mutants are run and counted.

Score = detected / (mutants - skipped), where detected = killed, timed out or crashed; a mutant no
test reaches ("no tests") counts as a survivor.

    python -m tests.mutation                       # every core module, from scratch
    python -m tests.mutation pipeline/segment.py   # one module
    python -m tests.mutation --again               # keep killed results, re-test only the rest
    python -m tests.mutation pipeline/segment.py --tests tests/test_segment.py   # other tests
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "output" / "mutation"
DETECTED = {"killed", "timeout", "segfault", "caught by type check"}
# mutmut's exit codes (mutmut/stats.py, 3.8.1), kept here so reading results needs no mutmut import
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 2: "interrupted", None: "not checked",
          33: "no tests", 34: "skipped", 35: "suspicious", 36: "timeout", 37: "caught by type check",
          -24: "timeout", 24: "timeout", 152: "timeout", 255: "timeout", -11: "segfault", -9: "segfault"}

DIFFS = """
import json, sys
from mutmut.mutation.diff_apply import get_diff_for_mutant
path, names = sys.argv[1], sys.argv[2:]
print(json.dumps({n: get_diff_for_mutant(n, path=path) for n in names}))
"""


def settings() -> tuple[dict, dict[str, list[str]], dict[str, list[str]]]:
    """mutmut's own keys, the module -> tests table and the module -> functions table (for a module
    of which only some functions are core: only their mutants are made to count)."""
    base = dict(tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"])
    return base, base.pop("modules"), base.pop("functions", {})


def mutant_globs(module: str, functions: list[str]) -> list[str]:
    """mutmut mutant-name patterns for 'name' / 'Class.name' / 'Class.*' in ``module``."""
    dotted = module.removesuffix(".py").replace("/", ".")
    out = []
    for f in functions:
        cls, _, fn = f.rpartition(".")
        out.append(f"{dotted}.xǁ{cls}ǁ{fn}__mutmut_*" if cls else f"{dotted}.x_{fn}__mutmut_*")
    return out


def workdir(module: str) -> Path:
    return OUT / "work" / module.removesuffix(".py").replace("/", ".")


def prepare(module: str, tests: list[str], base: dict, fresh: bool) -> Path:
    """A folder where mutmut sees the project (links) and a configuration for this module only."""
    w = workdir(module)
    if fresh:
        shutil.rmtree(w, ignore_errors=True)
    w.mkdir(parents=True, exist_ok=True)
    for name in [*base["source_paths"], *base.get("also_copy", []), "tests"]:
        link = w / name
        if not link.is_symlink():
            link.symlink_to(REPO / name)
    cfg = {**base, "only_mutate": [module], "pytest_add_cli_args_test_selection": tests}
    # JSON strings, lists and booleans are valid TOML values
    (w / "pyproject.toml").write_text(
        "[tool.mutmut]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in cfg.items()), "utf-8")
    return w


def results(w: Path, module: str) -> dict[str, str]:
    meta = w / "mutants" / (module + ".meta")
    if not meta.exists():
        return {}
    codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
    return {name: STATUS.get(code, "suspicious") for name, code in codes.items()}


def forget_survivors(w: Path, module: str) -> None:
    """--again: mark every mutant that was not detected as untested, so mutmut runs it again."""
    meta = w / "mutants" / (module + ".meta")
    if meta.exists():
        data = json.loads(meta.read_text("utf-8"))
        data["exit_code_by_key"] = {k: (v if STATUS.get(v) in DETECTED else None)
                                    for k, v in data["exit_code_by_key"].items()}
        meta.write_text(json.dumps(data, indent=4), "utf-8")


def mutmut_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MUTANT_UNDER_TEST")}
    env["PYTHONHASHSEED"] = "0"
    return env


def run_module(module: str, tests: list[str], base: dict, *, fresh: bool, children: int, log,
               names: list[str]) -> Path:
    w = prepare(module, tests, base, fresh)
    if not fresh:
        forget_survivors(w, module)
        if names:  # mutmut re-runs every mutant named: name only the core ones still to (re)test
            names = [n for n, s in results(w, module).items()
                     if s not in DETECTED and any(fnmatch.fnmatch(n, g) for g in names)] or names
    cmd = [sys.executable, "-c", "from mutmut.__main__ import cli; cli()", "run", "--max-children", str(children),
           *names]
    p = subprocess.run(cmd, cwd=w, env=mutmut_env(), stdout=log, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        raise SystemExit(f"mutmut failed on {module} (exit {p.returncode}); see {log.name}")
    return w


def diffs(w: Path, module: str, names: list[str]) -> dict[str, str]:
    if not names:
        return {}
    p = subprocess.run([sys.executable, "-c", DIFFS, module, *names], cwd=w, env=mutmut_env(),
                       capture_output=True, text=True)
    if p.returncode != 0:
        return {n: "(no diff: " + p.stderr.strip().splitlines()[-1] + ")" for n in names}
    return json.loads(p.stdout)


def function_spans(source: str) -> dict[str, tuple[int, int]]:
    """'name' or 'Class.name' -> (first line incl. decorators, last line)."""
    spans = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            for f in node.body:
                if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    start = min([f.lineno] + [d.lineno for d in f.decorator_list])
                    spans[f"{node.name}.{f.name}"] = (start, f.end_lineno)
    for f in ast.parse(source).body:
        if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)):
            start = min([f.lineno] + [d.lineno for d in f.decorator_list])
            spans[f.name] = (start, f.end_lineno)
    return spans


def function_of(name: str) -> str:
    """'pipeline.x.xǁCorrectionǁpattern__mutmut_3' -> 'Correction.pattern'; 'x_load__mutmut_1' -> 'load'."""
    key = name.rpartition(".")[2].rpartition("__mutmut_")[0]
    if "ǁ" in key:
        _, cls, fn = key.split("ǁ")
        return f"{cls}.{fn}"
    return key.removeprefix("x_")


def locate(module: str, name: str, diff: str, lines: list[str], spans: dict) -> tuple[int, str, str]:
    """(line number in the module, original line, mutated line) of one mutant: the removed line
    nearest to where the diff's hunk puts it inside its function."""
    start, end = spans.get(function_of(name), (1, len(lines)))
    removed = [d[1:] for d in diff.splitlines() if d.startswith("-") and not d.startswith("---")]
    added = [d[1:] for d in diff.splitlines() if d.startswith("+") and not d.startswith("+++")]
    hint = start
    hunk = re.search(r"^@@ -(\d+)", diff, re.MULTILINE)
    if hunk:
        body = diff[hunk.end():].split("\n")[1:]
        context = next((i for i, d in enumerate(body) if d.startswith("-")), 0)
        hint = start + int(hunk.group(1)) - 1 + context
    number = hint
    if removed:
        same = [i + 1 for i in range(start - 1, min(end, len(lines))) if lines[i].strip() == removed[0].strip()]
        if same:
            number = min(same, key=lambda n: abs(n - hint))
    return number, (removed[0].strip() if removed else ""), (added[0].strip() if added else "")


def report(rows: list[dict]) -> str:
    out = ["| module | tests | mutants | detected | survived | no tests | score |",
           "|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| `{r['module']}` | {', '.join(dict.fromkeys(Path(t.split('::')[0]).stem for t in r['tests']))} | {r['mutants']} | "
                   f"{r['detected']} | {r['survived']} | {r['no_tests']} | {r['score']:.0%} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    base, modules, functions = settings()
    ap = argparse.ArgumentParser(prog="python -m tests.mutation", description=__doc__.splitlines()[0])
    ap.add_argument("modules", nargs="*", help="core modules to run (default: all in [tool.mutmut.modules])")
    ap.add_argument("--tests", nargs="+", help="test files to use instead of the configured ones")
    ap.add_argument("--again", action="store_true", help="keep earlier kills, re-test only what survived")
    ap.add_argument("--report-only", action="store_true", help="print the last results without running")
    ap.add_argument("--max-children", type=int, default=1, help="parallel mutants (default 1)")
    ap.add_argument("--fail-under", type=float, default=80.0, help="exit 1 when a module scores below this %%")
    args = ap.parse_args(argv)
    chosen = args.modules or list(modules)
    unknown = [m for m in chosen if m not in modules and not args.tests]
    if unknown:
        ap.error(f"not a configured core module: {', '.join(unknown)} (known: {', '.join(modules)})")
    OUT.mkdir(parents=True, exist_ok=True)
    rows, survivors = [], []
    with open(OUT / "mutmut.log", "a" if args.report_only else "w") as log:
        for module in chosen:
            tests = args.tests or modules[module]
            t0 = time.monotonic()
            if args.report_only:
                w = workdir(module)
            else:
                print(f"mutating {module} against {' '.join(tests)} ...", flush=True)
                log.write(f"\n===== {module}\n")
                log.flush()
                w = run_module(module, tests, base, fresh=not args.again, children=args.max_children, log=log,
                               names=mutant_globs(module, functions.get(module, [])))
            status = results(w, module)
            if module in functions:
                status = {n: s for n, s in status.items()
                          if any(fnmatch.fnmatch(n, g) for g in mutant_globs(module, functions[module]))}
            counted = {n: s for n, s in status.items() if s != "skipped"}
            detected = sum(s in DETECTED for s in counted.values())
            lost = sorted((n for n, s in counted.items() if s not in DETECTED),
                          key=lambda n: (n.rpartition("__mutmut_")[0], int(n.rpartition("_")[2])))
            source = (REPO / module).read_text("utf-8")
            lines, spans = source.splitlines(), function_spans(source)
            for name, diff in diffs(w, module, lost).items():
                line, old, new = locate(module, name, diff, lines, spans)
                survivors.append({"module": module, "mutant": name, "status": counted[name], "line": line,
                                  "old": old, "new": new, "diff": diff})
            rows.append({"module": module, "tests": tests, "mutants": len(counted), "detected": detected,
                         "survived": sum(s == "survived" for s in counted.values()),
                         "no_tests": sum(s == "no tests" for s in counted.values()),
                         "score": detected / len(counted) if counted else 0.0,
                         "seconds": round(time.monotonic() - t0)})
    # a partial run keeps the other modules' last results in the files
    previous = json.loads((OUT / "scores.json").read_text("utf-8")) if (OUT / "scores.json").exists() else {}
    done = {r["module"] for r in rows}
    keep = set(modules) - done  # a module no longer configured (moved, renamed) drops out
    all_rows = [r for r in previous.get("modules", []) if r["module"] in keep] + rows
    all_rows.sort(key=lambda r: list(modules).index(r["module"]) if r["module"] in modules else len(modules))
    survivors += [s for s in previous.get("survivors", []) if s["module"] in keep]
    survivors.sort(key=lambda s: (s["module"], s["line"]))
    print("\n" + report(rows))
    for s in survivors:
        if s["module"] in done:
            print(f"{s['module']}:{s['line']}  {s['status']}: {s['old']}  ->  {s['new']}")
    rows, table = all_rows, report(all_rows)
    (OUT / "scores.md").write_text(table, "utf-8")
    (OUT / "scores.json").write_text(json.dumps({"modules": rows, "survivors": survivors}, indent=2,
                                                ensure_ascii=False) + "\n", "utf-8")
    (OUT / "survivors.txt").write_text(
        "".join(f"# {s['module']}:{s['line']} {s['mutant']} ({s['status']})\n{s['diff']}\n\n" for s in survivors),
        "utf-8")
    print(f"\nwritten: {OUT.relative_to(REPO)}/scores.md, scores.json, survivors.txt")
    low = [r["module"] for r in rows if r["module"] in done and r["score"] * 100 < args.fail_under]
    if low:
        print(f"below {args.fail_under:.0f}%: {', '.join(low)}")
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
