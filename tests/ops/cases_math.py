"""Gradient-check cases for the general ops (elementwise, math, reductions, shapes...).

Format (shared with ``cases_nn.py``, read by ``test_gradients.py``):

* ``MATH_CASES: dict[str, list[tuple[fn, list[array]]]]`` maps a registered op
  name (a key of ``kitlib.ops.OP_REGISTRY``) to cases. ``fn`` takes one kitlib
  Tensor per array and returns a float64 Tensor; float arrays are checked by
  ``kitlib.testing.check_gradients``, integer/bool arrays are passed through.
* ``MATH_NON_DIFFERENTIABLE: dict[str, tuple[fn, list[array]]]`` gives, for each
  op with ``differentiable = False``, one call whose output must not change
  when any float input is nudged slightly (a step function, not a forgotten
  gradient).

Inputs avoid kinks and ties (random values, positive where the domain needs it),
use odd sizes, and broadcast, e.g. (3, 1) against (4,).
"""

import numpy as np

from kitlib import ops

_rng = np.random.default_rng(2024)


def r(*shape: int) -> np.ndarray:
    """Random float64 values in (-2, 2)."""
    return _rng.uniform(-2.0, 2.0, size=shape)


def pos(*shape: int) -> np.ndarray:
    """Random float64 values in (0.5, 2), for log, sqrt, pow bases."""
    return _rng.uniform(0.5, 2.0, size=shape)


MASK = np.array([[True, False, True, True], [False, True, False, False], [True] * 4])

MATH_CASES = {
    # --- elementwise: broadcasting (3, 1) with (4,) and scalars ---------------
    "add": [(ops.add, [r(3, 1), r(4)]), (lambda x: x + 2.0, [r(2, 3)])],
    "subtract": [(ops.subtract, [r(3, 1), r(4)]), (lambda x: 1.0 - x, [r(5)])],
    "multiply": [(ops.multiply, [r(3, 1), r(4)]), (ops.multiply, [r(2, 3), r()])],
    "divide": [(ops.divide, [r(3, 1), pos(4)]), (lambda x: 2.0 / x, [pos(2, 3)])],
    "power": [
        (ops.power, [pos(3, 1), r(4)]),
        (lambda x: x**3.0, [r(2, 3)]),  # negative base, constant exponent
        (lambda y: ops.power(2.0, y), [r(3)]),
    ],
    "maximum": [
        (ops.maximum, [r(3, 1), r(4)]),
        (lambda x: ops.maximum(x, 0.0), [r(7)]),
    ],
    "minimum": [
        (ops.minimum, [r(3, 1), r(4)]),
        (lambda x: ops.minimum(x, 0.5), [r(7)]),
    ],
    "where": [
        (lambda x, y: ops.where(MASK, x, y), [r(3, 4), r(4)]),
        (lambda x: ops.where(x > 0, x, 0.1 * x), [r(2, 5)]),
    ],
    # --- unary math ---------------------------------------------------------
    "negative": [(ops.negative, [r(2, 3)]), (lambda x: -x, [r(4)])],
    "abs": [(ops.abs, [r(3, 4)])],
    "sign": [(lambda x: ops.sign(x) * x, [r(3, 4)])],
    "exp": [(ops.exp, [r(2, 3)])],
    "log": [(ops.log, [pos(2, 3)])],
    "log1p": [(ops.log1p, [r(5) * 0.4])],
    "sqrt": [(ops.sqrt, [pos(3, 2)])],
    "square": [(ops.square, [r(2, 3)])],
    "clip": [(lambda x: ops.clip(x, -1.0, 1.0), [r(4, 5)])],
    "cast": [(lambda x: ops.cast(x, "float64") * x, [r(3)])],
    # --- reductions: axis None / int / negative / tuple, keepdims -----------
    "sum": [
        (ops.sum, [r(2, 3)]),
        (lambda x: ops.sum(x, axis=(0, 2)), [r(2, 3, 4)]),
        (lambda x: ops.sum(x, axis=-1, keepdims=True), [r(3, 5)]),
    ],
    "mean": [
        (ops.mean, [r(3, 5)]),
        (lambda x: ops.mean(x, axis=1, keepdims=True), [r(2, 3, 4)]),
    ],
    "max": [
        (ops.max, [r(3, 4)]),
        (lambda x: ops.max(x, axis=(0, 2), keepdims=True), [r(2, 3, 4)]),
    ],
    "min": [(ops.min, [r(3, 4)]), (lambda x: ops.min(x, axis=0), [r(5, 3)])],
    "prod": [
        (ops.prod, [pos(2, 3)]),
        (lambda x: ops.prod(x, axis=1), [r(3, 4)]),
        (lambda x: ops.prod(x, axis=(0, 2), keepdims=True), [r(2, 3, 2)]),
    ],
    "var": [(ops.var, [r(2, 5)]), (lambda x: ops.var(x, axis=0), [r(4, 3)])],
    "std": [
        (ops.std, [r(7)]),
        (lambda x: ops.std(x, axis=-1, keepdims=True), [r(3, 4)]),
    ],
    "logsumexp": [
        (ops.logsumexp, [r(2, 3)]),
        (lambda x: ops.logsumexp(x * 100.0, axis=1), [r(3, 4)]),  # large values
    ],
    # --- linalg -------------------------------------------------------------
    "matmul": [
        (ops.matmul, [r(2, 3), r(3, 4)]),
        (ops.matmul, [r(3), r(3, 2)]),  # vector @ matrix
        (ops.matmul, [r(2, 3), r(3)]),  # matrix @ vector
        (ops.matmul, [r(4), r(4)]),  # dot product
        (ops.matmul, [r(2, 1, 2, 3), r(3, 3, 1)]),  # batch axes broadcast
        (lambda x, y: x @ y, [r(5, 2, 3), r(3, 2)]),
    ],
    # --- shapes -------------------------------------------------------------
    "reshape": [(lambda x: ops.reshape(x, (3, -1)), [r(2, 3, 2)])],
    "transpose": [
        (ops.transpose, [r(2, 3)]),
        (lambda x: ops.transpose(x, (1, 2, 0)), [r(2, 3, 4)]),
        (lambda x: x.T, [r(4, 3)]),
    ],
    "expand_dims": [(lambda x: ops.expand_dims(x, (0, -1)), [r(2, 3)])],
    "squeeze": [(ops.squeeze, [r(1, 3, 1)]), (lambda x: ops.squeeze(x, 0), [r(1, 2)])],
    "concatenate": [
        (
            lambda a, b, c: ops.concatenate([a, b, c], axis=1),
            [r(2, 1), r(2, 3), r(2, 2)],
        ),
        (lambda a, b: ops.concatenate([a, b]), [r(3), r(2)]),
    ],
    "stack": [
        (lambda a, b: ops.stack([a, b]), [r(2, 3), r(2, 3)]),
        (lambda a, b, c: ops.stack([a, b, c], axis=-1), [r(2), r(2), r(2)]),
    ],
    "tile": [
        (lambda x: ops.tile(x, (2, 3)), [r(2, 1)]),
        (lambda x: ops.tile(x, 2), [r(2, 3)]),
    ],
    "broadcast_to": [(lambda x: ops.broadcast_to(x, (2, 4, 3)), [r(4, 1)])],
    "pad": [(lambda x: ops.pad(x, ((1, 0), (2, 1)), constant_values=3.0), [r(2, 3)])],
    # --- indexing -----------------------------------------------------------
    "get_item": [
        (lambda x: x[1], [r(3, 4)]),
        (lambda x: x[::-2, 1:3], [r(5, 4)]),
        (lambda x: x[None, ..., -1], [r(2, 3, 4)]),
        (lambda x: x[[0, 2, 0]], [r(3, 2)]),  # a repeated row: gradients add up
        (lambda x: x[:, [1, 1], 0], [r(2, 3, 4)]),
        (lambda x: x[[0, 1], :, [2, 2]], [r(2, 3, 4)]),  # separated arrays
        (lambda x: x[MASK], [r(3, 4)]),
    ],
    "take": [
        (
            lambda x, i: ops.take(x, i, axis=1),
            [r(2, 4, 3), np.array([[3, 0], [3, -1]])],
        ),
        (lambda x: ops.take(x, [1, 1, 0]), [r(2, 2)]),
    ],
    "repeat": [
        (lambda x: ops.repeat(x, 2, axis=0), [r(2, 3)]),
        (lambda x: ops.repeat(x, [2, 0, 1], axis=-1), [r(2, 3)]),
        (lambda x: ops.repeat(x, 3), [r(2, 2)]),
    ],
}

MATH_NON_DIFFERENTIABLE = {
    "equal": (lambda x, y: ops.equal(x, y), [r(3, 1), r(4)]),
    "not_equal": (lambda x, y: x != y, [r(3, 1), r(4)]),
    "less": (lambda x, y: x < y, [r(3, 1), r(4)]),
    "less_equal": (lambda x, y: x <= y, [r(3, 1), r(4)]),
    "greater": (lambda x, y: x > y, [r(3, 1), r(4)]),
    "greater_equal": (lambda x, y: x >= y, [r(3, 1), r(4)]),
    "logical_and": (lambda x, y: ops.logical_and(x > 0, y > 0), [r(3), r(3)]),
    "logical_or": (lambda x, y: ops.logical_or(x > 0, y > 0), [r(3), r(3)]),
    "logical_not": (lambda x: ops.logical_not(x > 0), [r(3)]),
    "any": (lambda x: ops.any(x > 1, axis=0), [r(3, 4)]),
    "all": (lambda x: ops.all(x > -1, axis=1), [r(3, 4)]),
    "argmax": (lambda x: ops.argmax(x, axis=1), [r(3, 4)]),
    "argmin": (ops.argmin, [r(3, 4)]),
    "zeros_like": (ops.zeros_like, [r(2, 3)]),
    "ones_like": (ops.ones_like, [r(2, 3)]),
}
