"""Print the benchmark tables: per workload, GEMM, cold start, and the issue's targets."""

from __future__ import annotations

import math
import statistics
from typing import Any

from benchmarks.frameworks import THREADS
from benchmarks.workloads import Workload, forward_flops, train_flops

NAN = float("nan")


def _median(values: list) -> float:
    numbers = [v for v in values if isinstance(v, int | float)]
    return statistics.median(numbers) if numbers else NAN


def _spread(values: list, digits: int = 3) -> str:
    if not values:
        return "-"
    return (f"{_median(values):.{digits}f} [{min(values):.{digits}f}-"
            f"{max(values):.{digits}f}]")  # fmt: skip


def _num(value: float, spec: str = ".2f") -> str:
    return "-" if value is None or math.isnan(value) else format(value, spec)


def print_header(machine: dict, args: Any) -> None:
    """The run's settings and the machine line."""
    load = "/".join(f"{x:.2f}" for x in machine["load"] or ())
    print(f"kitlib benchmarks: {args.repeats} timed rounds after a warm-up, "
          f"data scale {args.scale:g}, {THREADS} threads per framework")  # fmt: skip
    print(f"machine: {machine['cores']} cores ({machine['usable_cores']} usable), "
          f"{machine['cpu']}, Python {machine['python']}, load {load} (1/5/15 min), "
          f"OPENBLAS_CORETYPE={machine['OPENBLAS_CORETYPE']} "
          f"OPENBLAS_L2_SIZE={machine['OPENBLAS_L2_SIZE']}")  # fmt: skip


# The best float32 GEMM rate any worker measured in this run (the machine's).
_RUN_PEAK = [NAN]


def _peak(results: dict) -> float:
    rates = [r.get("gemm") for r in results.values() if r.get("gemm")]
    best = max(rates) if rates else NAN
    if math.isnan(_RUN_PEAK[0]) or best > _RUN_PEAK[0]:
        _RUN_PEAK[0] = best
    return _RUN_PEAK[0]


def print_workload(workload: Workload, results: dict, names: list[str]) -> None:
    """One table: time, ratio to kitlib, FLOP rate, predict throughput, accuracy."""
    flops = train_flops(workload)
    multi = workload.epochs > 1
    key = "run" if multi else "epoch"
    print(f"\n{workload.title}: {workload.samples:,} samples, batch "
          f"{workload.batch_size}; train {flops / 1e9:.2f} GFLOP per "
          f"{'run' if multi else 'epoch'} (3 x forward), predict "
          f"{forward_flops(workload) / 1e6:.3f} MFLOP/sample")  # fmt: skip
    when = f"{workload.epochs} epochs" if multi else "epoch"
    print(f"  {'framework':<12}{when + ' s median [min-max]':<30}{'kitlib/peer':>12}"
          f"{'GFLOP/s':>9}{'%GEMM':>7}{'predict k/s':>13}{'kitlib/peer':>12}"
          f"{'test acc' if multi else 'train acc':>10}")  # fmt: skip
    base = results.get("kitlib", {})
    base_time, base_rate = _median(base.get(key, [])), _median(base.get("predict", []))
    peak = _peak(results)
    for name in names:
        result = results[name]
        if result["status"] != "ok":
            print(f"  {name:<12}{result['status']}")
            continue
        seconds, rate = _median(result[key]), _median(result["predict"])
        achieved = flops / seconds / 1e9
        print(f"  {name:<12}{_spread(result[key]):<30}"
              f"{_num(base_time / seconds):>12}{_num(achieved, '.1f'):>9}"
              f"{_num(100 * achieved / peak, '.0f'):>6}%"
              f"{_num(rate / 1e3, '.3g'):>13}{_num(base_rate / rate):>12}"
              f"{_num(_median(result['accuracy']), '.3f'):>10}")  # fmt: skip
    print(f"  machine float32 GEMM (1024^3, best of every worker so far in this run): "
          f"{_num(peak, '.1f')} GFLOP/s")  # fmt: skip


def _print_blas(first: dict, names: list[str]) -> None:
    print("\nBLAS and GEMM per framework (1024^3 float32, best of 5, 2 threads):")
    for name in names:
        result = first.get(name, {})
        if result.get("status") == "ok":
            print(f"  {name:<12}{_num(result.get('gemm'), '.1f'):>7} GFLOP/s  "
                  f"{result.get('version')}: {'; '.join(result.get('blas', []))}")  # fmt: skip


def _print_cold(cold: dict, names: list[str]) -> None:
    if not cold:
        return
    print("\nCold start: process start -> first W1 epoch done, in a fresh process")
    print(
        f"  {'framework':<12}{'warm cache s median [min-max]':<32}{'empty Numba cache s':>20}"
    )
    for name in names:
        if name not in cold:
            continue
        warm = [v for v in cold[name]["warm"] if isinstance(v, float)]
        errors = [v for v in cold[name]["warm"] if not isinstance(v, float)]
        empty = cold[name].get("empty", [])
        shown = _spread(warm, 2) if warm else (errors[0] if errors else "-")
        empty_shown = _num(empty[0]) if empty and isinstance(empty[0], float) else (
            str(empty[0]) if empty else "n/a")  # fmt: skip
        print(f"  {name:<12}{shown:<32}{empty_shown:>20}")


def _ratio(outcome: dict, workload: str, key: str, peer: str) -> float:
    results = outcome["workloads"].get(workload, {}).get("results", {})
    mine, theirs = results.get("kitlib", {}), results.get(peer, {})
    if mine.get("status") != "ok" or theirs.get("status") != "ok":
        return NAN
    return _median(mine.get(key, [])) / _median(theirs.get(key, []))


def _kitlib(outcome: dict, workload: str, key: str) -> float:
    results = outcome["workloads"].get(workload, {}).get("results", {})
    return _median(results.get("kitlib", {}).get(key, []))


def _cold_kitlib(outcome: dict) -> float:
    warm = outcome.get("cold", {}).get("kitlib", {}).get("warm", [])
    return _median([v for v in warm if isinstance(v, float)])


# (what, value spec, limit, lower is better). A spec is ("ratio", workload,
# measure, peer): kitlib's median over the peer's; ("kitlib", workload, measure);
# or ("cold",): kitlib's warm-cache cold start in seconds.
TARGETS: list[tuple[str, tuple, float, bool]] = [
    ("W1 epoch <= 1.0x PyTorch", ("ratio", "w1", "epoch", "torch"), 1.0, True),
    (
        "W1 epoch aim <= 1.0x Keras-JAX",
        ("ratio", "w1", "epoch", "keras-jax"),
        1.0,
        True,
    ),
    ("W1 predict >= PyTorch", ("ratio", "w1", "predict", "torch"), 1.0, False),
    ("W2 epoch <= 1.0x PyTorch", ("ratio", "w2", "epoch", "torch"), 1.0, True),
    ("W3 30 epochs <= 1.0x PyTorch", ("ratio", "w3", "run", "torch"), 1.0, True),
    ("W3 aim <= 2x hand NumPy", ("ratio", "w3", "run", "numpy"), 2.0, True),
    ("cold start W1 (warm cache) <= 1.0 s", ("cold",), 1.0, True),
    ("W3 test accuracy >= 0.965", ("kitlib", "w3", "accuracy"), 0.965, False),
]


def _target_value(outcome: dict, spec: tuple) -> tuple[str, float]:
    if spec[0] == "ratio":
        return f"kitlib/{spec[3]} {spec[2]}", _ratio(outcome, *spec[1:])
    if spec[0] == "kitlib":
        return f"kitlib {spec[2]}", _kitlib(outcome, *spec[1:])
    return "kitlib seconds", _cold_kitlib(outcome)


def print_targets(outcome: dict) -> None:
    """Each target of issue 8 with this run's figure: met, not met, or not measured."""
    print("\nTargets (issue 8), from this run:")
    for what, spec, limit, lower in TARGETS:
        shown, value = _target_value(outcome, spec)
        if math.isnan(value):
            verdict = "not measured (peer or workload skipped)"
        else:
            verdict = (
                "met" if (value <= limit if lower else value >= limit) else "NOT met"
            )
        print(f"  {what:<38}{shown:<24}{_num(value, '.3f'):>8}   {verdict}")


def print_footer(outcome: dict, names: list[str], absent: dict) -> None:
    """BLAS/GEMM per framework, cold starts, targets and the load at the end."""
    first = next(iter(outcome["workloads"].values()), {}).get("results", {})
    _print_blas(first, names)
    _print_cold(outcome.get("cold", {}), names)
    print_targets(outcome)
    load = "/".join(f"{x:.2f}" for x in outcome["machine"].get("load_end") or ())
    print(f"\nload at the end: {load} (1/5/15 min). Ratios are medians measured side "
          "by side in this run; kitlib/peer < 1 means kitlib takes less time, and "
          "for predict > 1 means kitlib is faster.")  # fmt: skip
    if any(absent.values()):
        print("skipped (not installed): " + ", ".join(
            f"{n} ({', '.join(a)})" for n, a in absent.items() if a) +
            ". Install them with `make bench` (the bench extra).")  # fmt: skip
