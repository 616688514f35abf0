"""Check a tape's gradients against central finite differences, in float64.

Notebook: ``notebooks/08_gradient_tape.ipynb``.

The analytic side asks a ``GradientTape`` for the vector-Jacobian product
of ``fn`` with a fixed random vector ``w`` (the gradient of ``sum(fn(*x) * w)``;
the random weights make every output element matter, with no cancellation
as in a plain sum). The numeric side nudges one input element at a time:
``(f(x + eps) - f(x - eps)) / (2 * eps)``, whose error shrinks like
``eps ** 2``. Both run in float64, where ``eps = 1e-6`` is accurate to
about 1e-9; float32 could not resolve such small steps.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from kitlib.autodiff import GradientTape
from kitlib.tensor import Tensor


@dataclass(frozen=True)
class GradientCheckResult:
    """Summary of a passed gradient check.

    Attributes:
        max_abs_error: largest ``|analytic - numeric|`` over all checked elements.
        max_rel_error: largest ``|analytic - numeric| / max(|analytic|, |numeric|)``.
        checked: how many input elements were nudged.
    """

    max_abs_error: float
    max_rel_error: float
    checked: int


def _as_input(value: Any) -> tuple[Tensor, bool]:
    """A Tensor for ``fn`` and whether it is checked (floats and Python numbers are)."""
    array = value.value if isinstance(value, Tensor) else value
    if isinstance(array, np.ndarray) and array.dtype.kind in "iub":
        return Tensor(array), False  # indices and masks: passed through, not checked
    return Tensor(np.array(array, dtype=np.float64)), True


def _projected(fn: Callable[..., Any], tensors: list[Tensor], weights: Any) -> float:
    """``sum(fn(*tensors) * weights)`` computed in NumPy (no tape involved)."""
    return float(np.sum(np.asarray(fn(*tensors).value, dtype=np.float64) * weights))


def check_gradients(
    fn: Callable[..., Any],
    inputs: Sequence[Any],
    eps: float = 1e-6,
    atol: float = 1e-6,
    rtol: float = 1e-4,
    seed: int = 0,
) -> GradientCheckResult:
    """Compare ``GradientTape`` gradients of ``fn`` with finite differences.

    Args:
        fn: takes one kitlib Tensor per input and returns one Tensor.
        inputs: array-likes. Floats and Python numbers become float64 Tensors
            and are checked; integer or boolean NumPy arrays (indices, masks)
            are passed through unchanged and not checked.
        eps: finite-difference step.
        atol: absolute tolerance per element.
        rtol: tolerance relative to the numeric gradient.

    Returns:
        A :class:`GradientCheckResult` with the largest errors seen.

    Raises:
        AssertionError: naming the argument, the worst element, both values
            and the relative error, when an element is off by more than
            ``atol + rtol * |numeric|``.
        TypeError: if ``fn`` does not return a float64 Tensor.

    Example:
        >>> from kitlib import ops
        >>> result = check_gradients(lambda x, y: ops.multiply(x, y), [[1.0, 2.0], 3.0])
        >>> result.checked, result.max_abs_error < 1e-8
        (3, True)
    """
    pairs = [_as_input(value) for value in inputs]
    tensors = [tensor for tensor, _ in pairs]
    with GradientTape() as tape:
        tape.watch([tensor for tensor, checked in pairs if checked])
        output = fn(*tensors)
    if not isinstance(output, Tensor) or output.dtype != "float64":
        got = output.dtype if isinstance(output, Tensor) else type(output).__name__
        raise TypeError(
            "check_gradients() expects fn to return a float64 Tensor, but it "
            f"returned {got}. Finite differences need float64 end to end: avoid "
            "casts to float32 inside fn."
        )
    # asarray: a 0-d draw is a Python float, which the tape would make float32.
    weights = np.asarray(np.random.default_rng(seed).standard_normal(output.shape))
    analytic = tape.gradient(output, tensors, output_gradients=weights)
    worst = {"abs": 0.0, "rel": 0.0}
    for arg, ((_, checked), grad) in enumerate(zip(pairs, analytic, strict=True)):
        if checked:
            numeric = _numeric_gradient(fn, tensors, arg, weights, eps)
            got = np.zeros_like(numeric) if grad is None else grad.value
            _compare(arg, got, numeric, grad is None, atol, rtol, worst)
    checked_count = int(sum(t.size for t, checked in pairs if checked))
    return GradientCheckResult(worst["abs"], worst["rel"], checked_count)


def _numeric_gradient(
    fn: Callable[..., Any], tensors: list[Tensor], arg: int, weights: Any, eps: float
) -> np.ndarray:
    """Central differences of ``sum(fn(...) * weights)`` for each element of ``arg``."""
    base = tensors[arg].value
    numeric = np.zeros_like(base)
    for index in np.ndindex(base.shape):
        values = []
        for step in (eps, -eps):
            nudged = base.copy()
            nudged[index] += step
            trial = list(tensors)
            trial[arg] = Tensor(nudged)
            values.append(_projected(fn, trial, weights))
        numeric[index] = (values[0] - values[1]) / (2 * eps)
    return numeric


def _compare(
    arg: int,
    analytic: np.ndarray,
    numeric: np.ndarray,
    was_none: bool,
    atol: float,
    rtol: float,
    worst: dict[str, float],
) -> None:
    """Raise ``AssertionError`` with a report if ``analytic`` is off; track maxima."""
    error = np.abs(analytic - numeric)
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), 1e-300)
    relative = error / scale
    if error.size:
        worst["abs"] = max(worst["abs"], float(error.max()))
        worst["rel"] = max(
            worst["rel"], float(np.where(error > atol, relative, 0).max())
        )
    excess = error - (atol + rtol * np.abs(numeric))
    if not error.size or excess.max() <= 0:
        return
    index = np.unravel_index(int(np.argmax(excess)), error.shape)
    bad = int((excess > 0).sum())
    note = (
        " The tape returned None (no gradient) for this argument." if was_none else ""
    )
    raise AssertionError(
        f"Gradient check failed for argument {arg} (shape {analytic.shape}) at "
        f"element {tuple(int(i) for i in index)}: analytic {analytic[index]:.6g}, "
        f"numeric {numeric[index]:.6g}, relative error {relative[index]:.3g} "
        f"(tolerance atol={atol:g}, rtol={rtol:g}; {bad} of {error.size} elements "
        f"off).{note} Check this op's backward() for that input."
    )
