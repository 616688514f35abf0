"""ex04_kernel_backward: the backward kernels of LeakyReLU and 2x2 max-pooling.

Notebook: ``notebooks/12_numba_kernels.ipynb``; exercise
``exercises/ex04_kernel_backward/``.

The learner defines, with NumPy or Numba:

* ``leaky_relu_backward(x, grad, alpha)``: ``grad`` where ``x > 0``, else
  ``alpha * grad``;
* ``max_pool2x2_backward(x, grad)``: ``x`` is ``(N, H, W, C)`` (H, W even),
  ``grad`` is ``(N, H // 2, W // 2, C)``; each gradient goes to the first
  maximum of its 2x2 window (row-major order, as ``np.argmax``), zeros elsewhere.

The checks wrap each function as the ``backward`` of an ``Op`` whose forward
is given, then run :func:`kitlib.testing.check_gradients` on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from kitlib.grading.exercise import Exercise, Submission, fail
from kitlib.grading.exercises._helpers import array, close, require_function, shape_text
from kitlib.ops._op import Op
from kitlib.testing import check_gradients

EXERCISE = Exercise(
    "ex04_kernel_backward",
    "Backward kernels: LeakyReLU and 2x2 max-pooling, checked by finite differences",
    names=("leaky_relu_backward", "max_pool2x2_backward"),
    notebook="notebooks/12_numba_kernels.ipynb",
)
ALPHA = 0.2


class _LeakyReLUCheck(Op):
    """LeakyReLU with the learner's backward (underscore: not in the op registry)."""

    def __init__(self, backward: Callable, alpha: float) -> None:
        super().__init__()
        self.learner_backward, self.alpha = backward, alpha

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.where(x > 0, x, self.alpha * x), x

    def backward(self, ctx: np.ndarray, grad: np.ndarray) -> tuple[Any]:
        return (np.asarray(self.learner_backward(ctx, grad, self.alpha)),)

    def shape_rule(self, shape: tuple) -> tuple:
        return shape


def _pool_forward(x: np.ndarray) -> np.ndarray:
    n, height, width, c = x.shape
    return x.reshape(n, height // 2, 2, width // 2, 2, c).max(axis=(2, 4))


class _MaxPoolCheck(Op):
    """2x2 max-pooling with the learner's backward."""

    def __init__(self, backward: Callable) -> None:
        super().__init__()
        self.learner_backward = backward

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return _pool_forward(x), x

    def backward(self, ctx: np.ndarray, grad: np.ndarray) -> tuple[Any]:
        return (np.asarray(self.learner_backward(ctx, grad)),)

    def shape_rule(self, shape: tuple) -> tuple:
        return (shape[0], shape[1] // 2, shape[2] // 2, shape[3])


def _gradcheck(op: Op, x: np.ndarray) -> None:
    try:
        check_gradients(lambda t: op(t), [x])
    except AssertionError as error:
        fail(f"check_gradients disagrees with your backward: {error}")


@EXERCISE.check(
    "leaky_relu_backward gives grad for x > 0 and alpha * grad below", points=2
)
def leaky_relu_values(sub: Submission) -> None:
    backward = require_function(sub.get("leaky_relu_backward"), "leaky_relu_backward")
    x = np.array([-2.0, -0.5, 0.5, 3.0])
    grad = np.array([1.0, 2.0, 3.0, 4.0])
    result = array(backward(x, grad, ALPHA))
    if close(result, [0.0, 0.0, 3.0, 4.0]):
        fail(
            "For negative x you returned 0: that is ReLU's gradient. LeakyReLU's slope "
            f"below 0 is alpha, so the gradient there is alpha * grad ({ALPHA} * grad)."
        )
    if close(result, [ALPHA, ALPHA, 1.0, 1.0]):
        fail(
            "You returned the local derivative (1 or alpha) without multiplying by the "
            "incoming grad. Chain rule: return derivative * grad."
        )
    if close(result, np.where(x > 0, x, ALPHA * x)):
        fail(
            "You returned the forward value leaky_relu(x); backward returns d/dx times grad."
        )
    if not close(result, [0.2, 0.4, 3.0, 4.0]):
        fail(
            f"leaky_relu_backward(x={x.tolist()}, grad={grad.tolist()}, alpha={ALPHA}) "
            f"returned {np.round(result, 4).tolist()} (shape {shape_text(result)}); "
            "expected [0.2, 0.4, 3.0, 4.0]."
        )


@EXERCISE.check("leaky_relu_backward passes check_gradients")
def leaky_relu_gradcheck(sub: Submission) -> None:
    backward = require_function(sub.get("leaky_relu_backward"), "leaky_relu_backward")
    x = np.random.default_rng(4).uniform(0.1, 2.0, (3, 4))
    x *= np.where(np.random.default_rng(5).random((3, 4)) < 0.5, -1, 1)  # away from 0
    _gradcheck(_LeakyReLUCheck(backward, ALPHA), x)


@EXERCISE.check("leaky_relu_backward leaves x and grad unchanged (no in-place writes)")
def leaky_relu_leaves_inputs_alone(sub: Submission) -> None:
    backward = require_function(sub.get("leaky_relu_backward"), "leaky_relu_backward")
    x = np.array([-1.0, 2.0, -3.0])
    grad = np.array([1.0, 1.0, 1.0])
    backward(x, grad, ALPHA)
    if not (close(x, [-1.0, 2.0, -3.0]) and close(grad, [1.0, 1.0, 1.0])):
        fail(
            "Your backward wrote into its input arrays (x or grad), which other ops "
            "may still use. Allocate the result: out = np.empty_like(grad), or use "
            "np.where(...), which returns a new array."
        )


def _pool_case() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.array([[1, 5, 2, 0], [3, 4, 8, 1], [9, 0, 1, 2], [6, 7, 3, 4]], float)
    x = x.reshape(1, 4, 4, 1)
    grad = np.array([1.0, 2.0, 3.0, 4.0]).reshape(1, 2, 2, 1)
    expected = np.zeros((1, 4, 4, 1))
    for (row, col), value in zip(
        [(0, 1), (1, 2), (2, 0), (3, 3)], grad.ravel(), strict=True
    ):
        expected[0, row, col, 0] = value
    return x, grad, expected


@EXERCISE.check(
    "max_pool2x2_backward sends each gradient to its window's maximum", points=2
)
def max_pool_values(sub: Submission) -> None:
    backward = require_function(sub.get("max_pool2x2_backward"), "max_pool2x2_backward")
    x, grad, expected = _pool_case()
    result = array(backward(x, grad))
    spread = np.repeat(np.repeat(grad, 2, axis=1), 2, axis=2)
    if close(result, spread / 4):
        fail(
            "You divided each gradient over its window: that is average-pooling's backward."
        )
    if close(result, spread):
        fail(
            "Every element of each 2x2 window received the gradient. Only the maximum "
            "influenced the output, so only it gets the gradient; the others get 0."
        )
    if result.shape != x.shape:
        fail(
            f"The result should have x's shape {x.shape}, but has {shape_text(result)}."
        )
    if not close(result, expected):
        fail(
            f"For x[0, :, :, 0] = {x[0, :, :, 0].astype(int).tolist()} and grad "
            f"[[1, 2], [3, 4]], expected dx[0, :, :, 0] = "
            f"{expected[0, :, :, 0].astype(int).tolist()}, got "
            f"{np.round(result[0, :, :, 0], 3).tolist()}."
        )


@EXERCISE.check("a tie in a window sends the gradient to one element only (the first)")
def max_pool_ties(sub: Submission) -> None:
    backward = require_function(sub.get("max_pool2x2_backward"), "max_pool2x2_backward")
    x = np.array([[2.0, 2.0], [2.0, 1.0]]).reshape(1, 2, 2, 1)
    result = array(backward(x, np.array([5.0]).reshape(1, 1, 1, 1)))
    receivers = int(np.count_nonzero(result))
    if receivers != 1 or not np.isclose(result[0, 0, 0, 0], 5.0):
        fail(
            f"The window [[2, 2], [2, 1]] has three maxima and {receivers} elements "
            "received the gradient. The forward output is one value, so the gradient "
            "must not be counted several times: give it to the first maximum only "
            "(np.argmax picks it)."
        )


@EXERCISE.check("max_pool2x2_backward passes check_gradients")
def max_pool_gradcheck(sub: Submission) -> None:
    backward = require_function(sub.get("max_pool2x2_backward"), "max_pool2x2_backward")
    x = np.random.default_rng(6).permutation(2 * 4 * 6 * 2).reshape(2, 4, 6, 2) / 10.0
    _gradcheck(_MaxPoolCheck(backward), x)
