"""kitlib.testing.check_gradients: passes good gradients, reports bad ones clearly."""

import numpy as np
import pytest

from kitlib import ops
from kitlib.ops._op import Op
from kitlib.testing import GradientCheckResult, check_gradients


class _WrongSquare(Op):  # leading underscore: not registered as a real op
    """x * x with a deliberately wrong derivative (3x instead of 2x)."""

    def forward(self, x):
        return x * x, x

    def backward(self, ctx, grad):
        return (3.0 * ctx * grad,)

    def shape_rule(self, x):
        return x


class _NoGradient(_WrongSquare):
    def backward(self, ctx, grad):
        return (None,)


def test_check_gradients_returns_small_errors_for_a_correct_op(rng):
    result = check_gradients(ops.matmul, [rng.normal(size=(2, 3)), rng.normal(size=3)])
    assert isinstance(result, GradientCheckResult)
    assert result.checked == 9
    assert result.max_abs_error < 1e-8


def test_check_gradients_reports_argument_element_and_both_values():
    x = np.array([0.0, 0.0, 2.0])  # only element 2 has a nonzero derivative
    with pytest.raises(AssertionError) as info:
        check_gradients(lambda a, b: ops.add(a, _WrongSquare()(b)), [x, x])
    message = str(info.value)
    assert "argument 1" in message
    assert "element (2,)" in message and "1 of 3 elements off" in message
    assert "analytic" in message and "numeric" in message
    assert "relative error 0.333" in message  # |3x - 2x| / 3x


def test_check_gradients_explains_a_missing_gradient():
    with pytest.raises(AssertionError, match="returned None"):
        check_gradients(lambda a: _NoGradient()(a), [np.array([1.0, 2.0])])


def test_check_gradients_rejects_float32_outputs():
    with pytest.raises(TypeError, match="float64 Tensor, but it returned float32"):
        check_gradients(lambda a: ops.cast(a, "float32"), [np.ones(2)])


def test_check_gradients_passes_integer_inputs_through_unchecked():
    indices = np.array([2, 0])
    result = check_gradients(lambda x, i: ops.take(x, i), [np.arange(3.0), indices])
    assert result.checked == 3
