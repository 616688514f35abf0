"""Where a kitlib training step spends its time: per phase and per op.

``python -m benchmarks.profile w2`` (or ``make bench-profile WORKLOAD=w2``) trains
the workload for one warm-up epoch, then times one epoch twice:

1. **Phases of ``train_step``**, with the same code as ``Trainer.train_step``
   split by timers: forward, loss, ``trainable_variables``, ``tape.gradient``,
   the optimizer, the metrics, and what the loop around the step costs.
2. **Per op**: every registered op's ``forward`` and ``backward`` wrapped with
   a timer, so the table shows how many milliseconds per step each op takes,
   in the kernels and NumPy calls and in its own Python.

The two tables answer the issue's question "where does the time go": the time
left between the op total and the step total is the Python around the ops
(layers' ``__call__``, the tape's bookkeeping, the optimizer loop).
"""

from __future__ import annotations

import argparse
import collections
import time
from collections.abc import Callable
from typing import Any

from benchmarks import fw_kitlib
from benchmarks.workloads import WORKLOADS, make_data, scaled

PHASES = ("forward", "loss", "trainable_variables", "gradient", "optimizer", "metrics")


def timed_train_step(model: Any, totals: collections.Counter) -> Callable:
    """``Trainer.train_step``'s code with a timer after each phase."""
    from kitlib.autodiff import GradientTape
    from kitlib.training import data as data_module

    def train_step(data: Any) -> dict[str, float]:
        marks = [time.perf_counter()]
        x, y, sample_weight = data_module.unpack_batch(data)
        with GradientTape() as tape:
            y_pred = model(x, training=True)
            marks.append(time.perf_counter())
            loss = model.compute_loss(x, y, y_pred, sample_weight)
            marks.append(time.perf_counter())
        variables = model.trainable_variables
        marks.append(time.perf_counter())
        grads = tape.gradient(loss, variables)
        marks.append(time.perf_counter())
        model.optimizer.apply_gradients(zip(grads, variables, strict=True))
        marks.append(time.perf_counter())
        logs = model.compute_metrics(x, y, y_pred, sample_weight, loss)
        marks.append(time.perf_counter())
        for phase, start, end in zip(PHASES, marks, marks[1:], strict=False):
            totals[phase] += end - start
        totals["steps"] += 1
        return logs

    return train_step


def time_ops(totals: collections.Counter) -> Callable[[], None]:
    """Wrap every op's forward/backward with a timer; returns the undo function."""
    from kitlib.ops import OP_REGISTRY

    originals = []
    for cls in set(OP_REGISTRY.values()):
        for method in ("forward", "backward"):
            # NOTE: inherited methods (Relu's forward comes from _Elementwise)
            # are shadowed on the class itself, and removed again by undo().
            originals.append((cls, method, vars(cls).get(method)))
            setattr(cls, method, _timer(getattr(cls, method), totals))

    def undo() -> None:
        for cls, method, original in originals:
            if original is None:
                delattr(cls, method)
            else:
                setattr(cls, method, original)

    return undo


def _timer(function: Callable, totals: collections.Counter) -> Callable:
    def timed(self: Any, *args: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(self, *args)
        finally:
            totals[(type(self).__name__, function.__name__)] += (
                time.perf_counter() - start
            )

    return timed


def profile(
    name: str, scale: float = 1.0
) -> tuple[collections.Counter, collections.Counter, float]:
    """Phase totals, op totals and the epoch's seconds for workload ``name``.

    ``scale`` < 1 uses a fraction of the samples (``workloads.scaled``).
    """
    workload = scaled(WORKLOADS[name], scale)
    runner = fw_kitlib.Runner(workload, make_data(workload))
    runner.train(1)  # warm-up: kernels loaded, caches filled
    phases: collections.Counter = collections.Counter()
    runner.model.train_step = timed_train_step(runner.model, phases)
    start = time.perf_counter()
    runner.train(1)
    seconds = time.perf_counter() - start
    del runner.model.train_step  # back to the class's own method
    ops: collections.Counter = collections.Counter()
    undo = time_ops(ops)
    try:
        runner.train(1)
    finally:
        undo()
    return phases, ops, seconds


def report(name: str, phases: collections.Counter, ops: collections.Counter,
           seconds: float) -> None:  # fmt: skip
    """Print the two tables, in milliseconds per training step."""
    steps = phases.pop("steps")
    per_step = 1000 * seconds / steps
    print(f"{name}: {seconds:.3f} s per epoch, {steps} steps, {per_step:.2f} ms/step")
    print("  phase                    ms/step")
    for phase in PHASES:
        print(f"  {phase:24s} {1000 * phases[phase] / steps:7.3f}")
    loop = per_step - 1000 * sum(phases.values()) / steps
    print(f"  {'loop around the step':24s} {loop:7.3f}")
    print("  op (forward/backward)    ms/step")
    for (op, method), total in ops.most_common():
        print(f"  {op + '.' + method:40s} {1000 * total / steps:7.3f}")
    op_total = 1000 * sum(ops.values()) / steps
    print(f"  {'all ops':40s} {op_total:7.3f}  (the rest of the step is Python)")


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``python -m benchmarks.profile``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile")
    parser.add_argument("workloads", nargs="*", default=["w1", "w2", "w3"])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of data")
    args = parser.parse_args(argv)
    for name in args.workloads:
        report(name, *profile(name, args.scale))


if __name__ == "__main__":
    main()
