"""How fast is ``okr check``? Parse-only vs full check throughput, and the command's start-up time.

    .venv/bin/python benchmarks/bench_check.py --sets 10000     # the full run
    .venv/bin/python benchmarks/bench_check.py --sets 500       # a quick look

It writes ``--sets`` synthetic OKR sets (benchmarks/generate.py, one set per file) into a temporary
folder (or ``--out``), then measures:

(a) parse: ``okrcoach.documents.load_documents`` over all the files;
(b) check: ``okrcoach.check_documents`` on each file's documents (each file on its own, as
    ``okr check FILE`` and the evaluation run it), sharing one text analyser, after parsing; the
    "check total" row is parse + check, and the ratio check total / parse has a goal of <= 5x;
(c) start-up: wall time of ``okr check`` on one small file as a subprocess, median of 5 runs
    (goal < 1 s).

``--folder-mode`` also times ``okrcoach.check`` on the whole folder at once (every set checked
together, so cross-set rules see all of them). Timings only print; no test asserts on them.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_sets  # noqa: E402

SMALL = """cycle: 2026-Q3
objectives:
  - title: 在 9 月 30 日前取得 ISO 27001 信息安全管理体系认证证书
    key_results:
      - 7 月 31 日前完成 12 份体系文件的编写并通过内部评审
      - 8 月 31 日前完成 1 次覆盖全部部门的内部审核,不符合项 100% 关闭
      - 9 月 30 日前通过认证机构第二阶段审核,取得认证证书
"""


def okr_command() -> list[str]:
    script = Path(sys.executable).parent / "okr"
    return [str(script)] if script.exists() else [sys.executable, "-m", "okrcoach.cli.main"]


def startup(folder: Path, runs: int = 5) -> tuple[float, list[float]]:
    path = folder / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run([*okr_command(), "check", str(path)], capture_output=True, text=True,
                              stdin=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"okr check failed ({proc.returncode}): {proc.stderr}")
    return statistics.median(times), times


def main() -> int:
    ap = argparse.ArgumentParser(description="Benchmark okr check (parse, check, start-up).")
    ap.add_argument("--sets", type=int, default=10000, help="how many OKR sets to generate (default 10000)")
    ap.add_argument("--seed", type=int, default=20260701)
    ap.add_argument("--out", type=Path, default=None, help="folder for the generated sets (default: a temp folder)")
    ap.add_argument("--embedding", default=None, help='override the embedding backend ("use", "none", ...)')
    ap.add_argument("--folder-mode", action="store_true", help="also time okrcoach.check on the whole folder")
    ap.add_argument("--no-startup", action="store_true", help="skip the start-up measurement")
    args = ap.parse_args()

    from okrcoach import CheckerConfig, check, check_documents
    from okrcoach.documents import load_documents
    from okrcoach.text.analyzer import Analyzer

    tmp = Path(tempfile.mkdtemp(prefix="okr-bench-"))
    folder = args.out or tmp / "sets"
    if args.out and folder.exists():
        shutil.rmtree(folder)
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        paths = write_sets(args.sets, folder, args.seed)
        t_gen, c_gen = time.perf_counter() - t0, time.process_time() - c0

        t0, c0 = time.perf_counter(), time.process_time()
        docs = load_documents([folder])
        t_parse, c_parse = time.perf_counter() - t0, time.process_time() - c0
        n_obj = sum(len(s.objectives) for d in docs for s in d.sets)
        n_kr = sum(len(o.key_results) for d in docs for s in d.sets for o in s.objectives)

        config = CheckerConfig() if args.embedding is None else CheckerConfig(embedding=args.embedding)
        analyzer = Analyzer.for_config(config)
        findings = 0
        t0, c0 = time.perf_counter(), time.process_time()
        for doc in docs:
            findings += len(check_documents([doc], config, analyzer).findings)
        t_rules, c_rules = time.perf_counter() - t0, time.process_time() - c0
        t_check, c_check = t_parse + t_rules, c_parse + c_rules

        folder_row = None
        if args.folder_mode:
            t0, c0 = time.perf_counter(), time.process_time()
            check([folder], config)
            folder_row = (time.perf_counter() - t0, time.process_time() - c0)

        start = None if args.no_startup else startup(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    n = len(paths)
    rows = [
        ("generate", t_gen, c_gen, ""),
        ("(a) parse only", t_parse, c_parse, "load_documents over the folder"),
        ("rules only", t_rules, c_rules, "check_documents per file, one analyser"),
        ("(b) check total", t_check, c_check, "parse + rules"),
    ]
    if folder_row is not None:
        rows.append(("check, whole folder", *folder_row, "okrcoach.check([folder])"))
    print(f"okr check benchmark: {n} sets, {n_obj} objectives, {n_kr} key results, {findings} findings "
          f"(embedding={config.embedding}, python {sys.version.split()[0]}, {os.cpu_count()} cpus)\n")
    print(f"| {'step':22} | {'wall s':>8} | {'sets/s':>9} | {'cpu s':>8} | {'sets/cpu s':>10} | note")
    print(f"|{'-' * 24}|{'-' * 10}|{'-' * 11}|{'-' * 10}|{'-' * 12}|{'-' * 40}")
    for name, secs, cpu, note in rows:
        print(f"| {name:22} | {secs:8.2f} | {n / secs:9.0f} | {cpu:8.2f} | {n / max(cpu, 1e-9):10.0f} | {note}")
    ratio = t_check / t_parse
    print(f"\ncheck total / parse = {ratio:.1f}x wall, {c_check / max(c_parse, 1e-9):.1f}x cpu "
          f"(goal <= 5x: {'met' if ratio <= 5 else 'NOT met'})")
    print("wall and cpu differ when other processes share the machine; cpu time is the steadier figure.")
    if start is not None:
        median, times = start
        print(f"start-up, `okr check small.yaml`, median of {len(times)}: {median:.2f} s "
              f"(runs: {', '.join(f'{t:.2f}' for t in times)}; goal < 1 s: {'met' if median < 1 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
