"""Where a kitlib training step spends its time: per phase and per op.

``python -m benchmarks.profile w2`` (or ``make bench-profile WORKLOADS=w2``) trains
the workload for one warm-up epoch, then times one epoch twice:

1. **Phases of ``train_step``**: the model's own step, with timers around the
   calls it makes: forward, loss, ``trainable_variables``, ``tape.gradient``,
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


def time_phases(model: Any, totals: collections.Counter) -> Callable[[], None]:
    """Time the phases of the model's own ``train_step``; returns the undo function.

    Nothing is copied from ``Trainer.train_step``: the calls it makes
    (``compute_loss``, ``tape.gradient``, ``optimizer.apply_gradients``,
    ``compute_metrics``) are wrapped with timers, and the gaps between them are
    the other phases (the forward pass before the loss, ``trainable_variables``
    before the gradient).
    """
    from kitlib.autodiff import GradientTape

    marks: list[float] = []

    def timed(function: Callable) -> Callable:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            marks.append(time.perf_counter())
            try:
                return function(*args, **kwargs)
            finally:
                marks.append(time.perf_counter())

        return wrapper

    step = timed(model.train_step)

    def train_step(data: Any) -> Any:
        marks.clear()
        logs = step(data)
        if len(marks) != 10:  # the step, and four calls: a start and an end each
            raise RuntimeError(
                "benchmarks.profile expects train_step to call compute_loss, "
                "tape.gradient, optimizer.apply_gradients and compute_metrics once "
                f"each, but saw {len(marks) // 2 - 1} timed calls; update time_phases."
            )
        start, loss_in, loss_out, grad_in, grad_out, _, opt_out, _, metrics_out, _ = (
            marks
        )
        bounds = (start, loss_in, loss_out, grad_in, grad_out, opt_out, metrics_out)
        for phase, begin, end in zip(PHASES, bounds, bounds[1:], strict=False):
            totals[phase] += end - begin
        totals["steps"] += 1
        return logs

    gradient = GradientTape.gradient
    GradientTape.gradient = timed(gradient)
    for owner, name in _instance_calls(model):
        setattr(owner, name, timed(getattr(owner, name)))
    model.train_step = train_step

    def undo() -> None:
        GradientTape.gradient = gradient
        for owner, name in (*_instance_calls(model), (model, "train_step")):
            delattr(owner, name)  # the class's own method shows through again

    return undo


def _instance_calls(model: Any) -> tuple[tuple[Any, str], ...]:
    return (
        (model, "compute_loss"),
        (model.optimizer, "apply_gradients"),
        (model, "compute_metrics"),
    )


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
    undo = time_phases(runner.model, phases)
    try:
        start = time.perf_counter()
        runner.train(1)
        seconds = time.perf_counter() - start
    finally:
        undo()
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
