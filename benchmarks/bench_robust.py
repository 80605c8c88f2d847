"""Time and peak memory of `budgetlint check` on large and hostile inputs (issue #14).

    python benchmarks/bench_robust.py            # the full table (several minutes)
    python benchmarks/bench_robust.py --quick    # small sizes only
    python benchmarks/bench_robust.py --only pack,yoy --code /tmp/old-checkout
                                                 # some families, another checkout's code

Each case runs in a fresh process (peak memory = that process's maximum resident set).
Sizes double within a family, so linear time shows as a time ratio of ~2 per step; the
memory column is also given as a multiple of the input size. Cases above the default limits
run with the limits raised (BUDGETLINT_MAX_DOCUMENT_MB / BUDGETLINT_MAX_LINE_CHARS), and the
same inputs are also run at the defaults to show the one-line refusal and what it costs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))
YOY = "比上年增加12.5万元，增长3.4%。"
MB = 1024 * 1024

# Peak memory is the child's own high-water mark (VmHWM, reset by exec): ru_maxrss is not,
# on Linux it keeps the resident size the parent had when it forked (here: the generated
# 50 MB input), which made every small case look as large as the last big one.
_CHILD = """
import resource, sys
from checker.cli.main import main
code = main(sys.argv[1:])
usage = resource.getrusage(resource.RUSAGE_SELF)
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(peak, usage.ru_utime + usage.ru_stime, code, file=sys.stderr)
"""


def document(size: int) -> str:
    """Real disclosures concatenated up to ``size`` bytes (a long but ordinary document)."""
    source = "".join(p.read_text(encoding="utf-8") for p in EXAMPLES)
    copies = max(1, size // len(source.encode("utf-8")))
    return source * copies


CELLS = "支出合计 123.45 万元 "


def one_line(size: int) -> str:
    """One line of ``size`` characters."""
    line = (CELLS * (size // len(CELLS) + 1))[:size]
    return "2025年度\n示例单位\n单位预算\n" + line + "\n"


def one_line_bytes(size: int) -> str:
    """One line of ``size`` bytes in UTF-8."""
    return one_line(size * len(CELLS) // len(CELLS.encode("utf-8")))


def repeated_yoy(chars: int) -> str:
    return "2025年度\n示例单位\n单位预算\n" + YOY * (chars // len(YOY)) + "\n"


def digits(count: int) -> str:
    return "2025年度\n示例单位\n单位预算\n" + "1" * count + "\n"


def pack(size: int) -> str:
    head = ("pack:\n  name: big\n  version: '1'\n  description: bench\n  extends: [common]\n"
            "rules:\n")
    rule = ("  - id: B-{n}\n    title: t\n    severity: warning\n    kind: text\n"
            "    mode: existence\n    patterns: ['单位{n}']\n    reference: r\n    message: m\n")
    parts, total, n = [head], len(head), 0
    while total < size:
        parts.append(rule.format(n=n))
        total += len(parts[-1])
        n += 1
    return "".join(parts)


def run(folder: Path, name: str, text: str, *, rules: bool = False,
        raise_limits: bool = True, baseline: str = "document",
        also: tuple[Path, ...] = ()) -> None:
    path = folder / (name + (".yaml" if rules else ".txt"))
    path.write_text(text, encoding="utf-8")
    size = path.stat().st_size
    env = {**os.environ, "CI": "true"}
    if raise_limits:
        # The text limit is a sixteenth of the file limit in characters (checker/limits.py).
        env["BUDGETLINT_MAX_DOCUMENT_MB"] = str(max(64, 2 * size // MB + 1,
                                                    16 * len(text) // MB + 1))
        env["BUDGETLINT_MAX_LINE_CHARS"] = str(max(1_000_000, 2 * size))
    argv = (["check", str(EXAMPLES[0]), "--rules", str(path)] if rules
            else ["check", str(path), *map(str, also)]) + ["--format", "json"]
    if CODE:
        # Another checkout's ``checker`` first on the path (the child's working folder is
        # on it before site-packages, so the editable install does not win): before/after
        # figures from one run, on one machine load.
        env["PYTHONPATH"] = str(CODE)
    done = subprocess.run([sys.executable, "-c", _CHILD, *argv], capture_output=True,
                          text=True, env=env, check=False, timeout=3600, cwd=CODE or ROOT)
    lines = done.stderr.strip().splitlines()
    peak_kb, cpu, code = (lines[-1].split() if lines else ("0", "0", "?"))
    peak = int(peak_kb) * 1024
    # What the input adds to the fixed cost of any run of its kind: the interpreter, packs
    # and grammar for a document; for a pack, also the schema validator and the YAML
    # reader (a pack's baseline is a small pack, read and validated the same way).
    added = max(peak - BASELINE.get(baseline, 0), 0)
    note = next((line for line in lines[:-1] if "上限" in line), "")
    print(f"{name:<28} {size / MB:8.2f} MB  {float(cpu):8.2f} s CPU  {peak / MB:8.1f} MB peak"
          f"  {added / max(size, 1):6.1f}x  exit {code}  {note[-60:]}", flush=True)
    BASELINE.setdefault(baseline, peak)


BASELINE: dict[str, int] = {}
CODE: Path | None = None
FAMILIES = ("document", "line", "yoy", "digits", "pack")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    parser.add_argument("--only", default=",".join(FAMILIES),
                        help=f"comma-separated families among {', '.join(FAMILIES)}")
    parser.add_argument("--code", type=Path,
                        help="a checkout whose checker/ the cases run (default: this one)")
    args = parser.parse_args()
    global CODE
    CODE = args.code.resolve() if args.code else None
    only = set(args.only.split(","))
    scale = [1, 2] if args.quick else [1, 2, 4, 8]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("case                             input      CPU time          peak  "
              "(peak-baseline)/input")
        example = EXAMPLES[0].read_text(encoding="utf-8")
        # Once unmeasured: the first run of a checkout fills the caches (compiled grammar,
        # every kind's validated pack), which a measured run should find as a user's second
        # run does; a pack validated during a case costs it ~5 MB.
        samples = []
        for index, sample in enumerate((one_line(100), repeated_yoy(100), digits(100))):
            samples.append(folder / f"warm-{index}.txt")
            samples[-1].write_text(sample, encoding="utf-8")
        run(folder, "warm-up (caches)", example, baseline="warm-up",
            also=(*EXAMPLES, *samples))
        run(folder, "baseline (one example)", example)
        if "document" in only:
            for step in scale:
                run(folder, f"document {step} MB", document(step * MB))
            run(folder, "document 50 MB (defaults)", document(50 * MB), raise_limits=False)
        if "line" in only:
            for step in scale:
                run(folder, f"one line {step}M chars", one_line(step * 1_000_000))
            run(folder, "one line 5 MB", one_line_bytes(5 * MB))
            run(folder, "one line 5 MB (defaults)", one_line_bytes(5 * MB),
                raise_limits=False)
        if "yoy" in only:
            for step in scale:
                run(folder, f"yoy sentence x{step * 100}K chars", repeated_yoy(step * 100_000))
        if "digits" in only:
            for step in scale:
                run(folder, f"digits x{step * 25}K", digits(step * 25_000))
        if "pack" in only:
            run(folder, "pack baseline (3 rules)", pack(400), rules=True, baseline="pack")
            for step in scale:
                run(folder, f"pack {step / 4:.2f} MB", pack(step * MB // 4), rules=True,
                    baseline="pack")
            run(folder, "pack 10 MB (refused)", pack(10 * MB), rules=True, baseline="pack")


if __name__ == "__main__":
    main()
