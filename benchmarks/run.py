"""``python -m benchmarks``: every workload, every installed framework, in alternation.

How a run goes (and why):

1. The runner writes each workload's arrays to one ``.npz`` file, so every
   framework trains on exactly the same data.
2. For each workload it starts one persistent worker process per framework
   (``benchmarks/worker.py``): Keras reads ``KERAS_BACKEND`` at import, so each
   backend needs its own interpreter, and a long-lived worker can be asked for one
   epoch at a time. Every worker gets the same environment and 2 threads.
3. Each worker builds the model and runs one warm-up epoch and one predict (JIT
   compilation, caches), one framework after the other.
4. Then the timed rounds alternate: round r asks every framework for one epoch
   (W3: one fresh 30-epoch run), starting with a different framework each
   round, so a burst of load from elsewhere hits all of them alike. The same for
   predict. Medians are reported, with min-max.
5. Each worker measures a float32 GEMM with its own matmul; the best is the
   machine's GEMM throughput for this run, and each framework's achieved FLOP
   rate is shown as a fraction of it.
   Between two requests the runner pauses briefly (``SETTLE_SECONDS``).
6. Cold starts run in fresh subprocesses: process start -> first W1 epoch done,
   with the warm Numba cache and (kitlib) with an empty one.

A framework that is not installed is listed as skipped; nothing is estimated.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import report
from benchmarks.frameworks import FRAMEWORKS, missing
from benchmarks.machine import machine_info
from benchmarks.pool import WorkerProcess, base_env, cold_start
from benchmarks.workloads import WORKLOADS, Workload, make_data, scaled

# NOTE: BLAS and OpenMP threads keep spinning for a moment after a call before
# they sleep; pausing between requests keeps one worker's spinning threads from
# slowing down the next worker's measurement.
SETTLE_SECONDS = 0.3


def _rotate(names: list[str], shift: int) -> list[str]:
    shift %= max(len(names), 1)
    return names[shift:] + names[:shift]


def _new_result(status: str = "ok") -> dict[str, Any]:
    return {"status": status, "epoch": [], "predict": [], "run": [], "accuracy": []}


def _start(names: list[str], workload: Workload, data: Path, log_dir: Path) -> tuple:
    """Start and set up (warm up) one worker per framework, one after the other."""
    workers, results = {}, {}
    for name in names:
        worker = WorkerProcess(name, log_dir, base_env())
        info = worker.ask(cmd="info")
        reply = (
            info
            if "error" in info
            else worker.ask(cmd="setup", workload=asdict(workload), data=str(data))
        )
        if "error" in reply or "skipped" in reply:
            status = "skipped: " + reply["skipped"] if "skipped" in reply else ""
            results[name] = _new_result(status or "error: " + reply["error"])
            worker.close()
            continue
        results[name] = _new_result()
        results[name].update(version=info["version"], blas=info["blas"])
        results[name]["gemm"] = worker.ask(cmd="gemm", n=1024).get("gflops")
        workers[name] = worker
    return workers, results


def _record(result: dict, command: str, reply: dict) -> None:
    if "error" in reply:
        result["status"] = "error: " + reply["error"]
    elif command == "epoch":
        result["epoch"].append(reply["seconds"])
        result["accuracy"].append(reply.get("accuracy", float("nan")))
    elif command == "run":
        result["run"].append(reply["seconds"])
        result["accuracy"].append(reply["test_accuracy"])
    elif command == "predict":
        result["predict"].append(reply["samples"] / reply["seconds"])


def measure(
    workload: Workload, names: list[str], repeats: int, work_dir: Path
) -> dict[str, dict]:
    """Alternate the frameworks on one workload; returns a result per framework."""
    data_path = work_dir / f"{workload.name}.npz"
    np.savez(data_path, **make_data(workload))
    workers, results = _start(names, workload, data_path, work_dir)
    commands = ["run"] if workload.epochs > 1 else ["epoch", "predict"]
    try:
        for command in commands:
            for round_index in range(repeats):
                for name in _rotate(list(workers), round_index):
                    if results[name]["status"] == "ok":
                        time.sleep(SETTLE_SECONDS)
                        reply = workers[name].ask(cmd=command, seed=round_index)
                        _record(results[name], command, reply)
        for name, worker in workers.items():  # once more after, keep the best
            rate = worker.ask(cmd="gemm", n=1024).get("gflops") or 0.0
            results[name]["gemm"] = max(rate, results[name].get("gemm") or 0.0)
    finally:
        for worker in workers.values():
            worker.close()
    return results


def measure_cold(
    workload: Workload, names: list[str], repeats: int, work_dir: Path
) -> dict[str, dict]:
    """Cold starts (process start -> first epoch done), alternating frameworks."""
    data_path = work_dir / f"{workload.name}.npz"
    if not data_path.exists():
        np.savez(data_path, **make_data(workload))
    spec_path = work_dir / f"{workload.name}.json"
    spec_path.write_text(json.dumps(asdict(workload)))
    cold: dict[str, dict] = {name: {"warm": []} for name in names}
    cold_start(names[0], spec_path, data_path, base_env())  # fill the Numba cache
    for round_index in range(repeats):
        for name in _rotate(names, round_index):
            cold[name]["warm"].append(
                cold_start(name, spec_path, data_path, base_env())
            )
    if "kitlib" in names:
        with tempfile.TemporaryDirectory(prefix="kitlib-cold-") as empty:
            env = {**base_env(), "NUMBA_CACHE_DIR": empty}
            cold["kitlib"]["empty"] = [cold_start("kitlib", spec_path, data_path, env)]
    return cold


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--workloads", default="w1,w2,w3")
    parser.add_argument("--frameworks", default=",".join(FRAMEWORKS))
    parser.add_argument("--repeats", type=int, default=5, help="timed rounds")
    parser.add_argument("--cold-repeats", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of data")
    parser.add_argument("--quick", action="store_true", help="scale 0.1, 2 rounds")
    parser.add_argument("--no-cold", action="store_true", help="skip cold starts")
    parser.add_argument("--json", help="also write the raw numbers to this file")
    args = parser.parse_args(argv)
    if args.quick:
        args.scale, args.repeats, args.cold_repeats = min(args.scale, 0.1), 2, 1
    return args


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmark, print the table, and return every number measured."""
    args = _parse(argv)
    wanted = [n.strip() for n in args.frameworks.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in FRAMEWORKS]
    if unknown:
        raise SystemExit(f"unknown framework(s) {unknown}; known: {list(FRAMEWORKS)}")
    absent = {n: missing(FRAMEWORKS[n]) for n in wanted}
    names = [n for n in wanted if not absent[n]]
    workloads = [
        scaled(WORKLOADS[w.strip()], args.scale) for w in args.workloads.split(",")
    ]
    outcome: dict[str, Any] = {"machine": machine_info(), "workloads": {}, "cold": {}}
    report.print_header(outcome["machine"], args)
    with tempfile.TemporaryDirectory(prefix="kitlib-bench-") as folder:
        for workload in workloads:
            results = measure(workload, names, args.repeats, Path(folder))
            for name in wanted:
                if absent[name]:
                    results[name] = _new_result("skipped: not installed (" +
                                                ", ".join(absent[name]) + ")")  # fmt: skip
            outcome["workloads"][workload.name] = {"workload": asdict(workload),
                                                   "results": results}  # fmt: skip
            report.print_workload(workload, results, wanted)
        if not args.no_cold:
            outcome["cold"] = measure_cold(workloads[0], names, args.cold_repeats,
                                           Path(folder))  # fmt: skip
    outcome["machine"]["load_end"] = machine_info()["load"]
    report.print_footer(outcome, wanted, absent)
    if args.json:
        Path(args.json).write_text(json.dumps(outcome, indent=1, default=str))
    return outcome


def median(values: list[float]) -> float:
    """The median, or NaN for no values."""
    return statistics.median(values) if values else float("nan")
