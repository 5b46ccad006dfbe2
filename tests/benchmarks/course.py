"""Benchmark of a course build (not a test: it prints measurements).

    python tests/benchmarks/course.py                       # four lessons, every chapter, -ql
    python tests/benchmarks/course.py --only intro,counting  # fewer chapters, for a quick look
    python tests/benchmarks/course.py --workers 2 --slots 1  # the Dask cluster's shape

Builds one course of four lessons (dark, light, German, and the dark one again under another
name, whose renders are shared) into empty folders three ways: one scene at a time (--jobs 1),
the local pool (--jobs = cores), and on a Dask cluster started here (`dask scheduler` and
`dask worker` programs on 127.0.0.1). Prints for each: wall time, renders done, renders saved by
sharing, and the speed-up over one at a time; then checks that the three builds wrote the same
files. The scaling on paper is in docs/course.md.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DASK = Path(sys.executable).with_name("dask")
COURSE = '''voice = "off"
assets = "{assets}"

[[lessons]]
name = "dark"

[[lessons]]
name = "light"
theme = "light"

[[lessons]]
name = "german"
language = "de"

[[lessons]]
name = "dark-again"
title = "The dark lesson, listed twice"
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(course: Path, out: Path, only: str, *extra: str) -> tuple[float, str]:
    args = [sys.executable, str(ROOT / "scenes" / "build.py"), "--course", str(course), "--out", str(out), *extra]
    if only:
        args += ["--only", only]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LESSON_", "DASK_"))}
    start = time.perf_counter()
    r = subprocess.run(args, cwd=course.parent, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if r.returncode != 0:
        raise SystemExit(f"the build failed:\n{r.stderr[-3000:]}")
    return seconds, r.stderr


def counts(log: str) -> tuple[int, int]:
    """Renders done and renders saved by sharing, from the build's own lines."""
    done = max((int(m.group(1)) for m in re.finditer(r"\[\d+/(\d+)\]", log)), default=0)
    saved = sum(int(m.group(1)) for m in re.finditer(r"^(\d+) of them shared", log, re.M))
    return done, saved


def files(out: Path) -> dict[str, str]:
    found = {}
    for manifest in sorted(out.glob("*/manifest.json")):
        for entry in json.loads(manifest.read_text())["chapters"].values():
            found.update({f"{manifest.parent.name}/{f['file']}": f["sha256"] for f in entry["files"]})
    return found


def cluster(tmp: Path, workers: int, slots: int) -> tuple[str, list[subprocess.Popen]]:
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = open(tmp / "dask.log", "w")
    procs = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)]
    for _ in range(workers):
        procs.append(subprocess.Popen([str(DASK), "worker", address, "--host", "127.0.0.1", "--nthreads", str(slots),
                                       "--resources", f"render={slots}", "--no-dashboard"], stdout=log,
                                      stderr=subprocess.STDOUT, start_new_session=True))
    from distributed import Client

    with Client(address, timeout="30s") as client:
        client.wait_for_workers(workers, timeout=60)
    return address, procs


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--only", default="", help="chapters to build (default: all)")
    p.add_argument("--workers", type=int, default=2, help="Dask workers (default 2)")
    p.add_argument("--slots", type=int, default=1, help="renders at once per worker (default 1)")
    args = p.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="course-bench-") as folder:
        tmp = Path(folder)
        course = tmp / "course.toml"
        course.write_text(COURSE.format(assets=ROOT / "assets"))
        build(course, tmp / "warm", "counting")  # glyphs, formulas and voices cached once, for every way alike
        rows, outputs = [], {}
        for way, extra in (("one at a time", ["--jobs", "1"]), (f"local pool ({cores})", ["--jobs", str(cores)])):
            out = tmp / way.split()[0]
            seconds, log = build(course, out, args.only, *extra)
            rows.append((way, seconds, *counts(log)))
            outputs[way] = files(out)
        address, procs = cluster(tmp, args.workers, args.slots)
        try:
            way = f"Dask, {args.workers} workers x {args.slots}"
            seconds, log = build(course, tmp / "dask", args.only, "--scheduler", address)
            rows.append((way, seconds, *counts(log)))
            outputs[way] = files(tmp / "dask")
        finally:
            for proc in procs:
                os.killpg(proc.pid, signal.SIGKILL)
    base = rows[0][1]
    print(f"a course of 4 lessons at -ql, chapters: {args.only or 'all'}; {cores} cores")
    print(f"{'way':<28}{'wall s':>9}{'renders':>9}{'saved':>7}{'speed-up':>10}")
    for way, seconds, done, saved in rows:
        print(f"{way:<28}{seconds:>9.1f}{done:>9}{saved:>7}{base / seconds:>9.2f}x")
    same = all(found == outputs[rows[0][0]] for found in outputs.values())
    print(f"the three builds wrote the same files: {'yes' if same else 'NO'} ({len(outputs[rows[0][0]])} files)")


if __name__ == "__main__":
    main()
