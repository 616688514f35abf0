"""ex04_kernel_backward: common mistakes get their specific hint and partial marks."""

import pytest

from tests.exercises.support import Mistake, assert_mistake_graded

EXERCISE = "ex04_kernel_backward"
pytestmark = pytest.mark.exercise(EXERCISE)

MISTAKES = [
    Mistake(
        "relu_slope_for_negatives",
        "kernels",
        [("np.where(x > 0, grad, alpha * grad)", "np.where(x > 0, grad, 0.0)")],
        {"leaky_relu_values", "leaky_relu_gradcheck"},
        "that is ReLU's gradient",
    ),
    Mistake(
        "forgot_the_incoming_grad",
        "kernels",
        [("np.where(x > 0, grad, alpha * grad)", "np.where(x > 0, 1.0, alpha)")],
        {"leaky_relu_values", "leaky_relu_gradcheck"},
        "without multiplying by the incoming grad",
    ),
    Mistake(
        "writes_into_grad",
        "kernels",
        [
            (
                "return np.where(x > 0, grad, alpha * grad)",
                "grad[x <= 0] *= alpha\n    return grad",
            )
        ],  # fmt: skip
        {"leaky_relu_leaves_inputs_alone", "leaky_relu_gradcheck"},
        "wrote into its input arrays",
    ),
    Mistake(
        "gradient_spread_over_the_window",
        "kernels",
        [
            (
                "dx[n, 2 * i + k // 2, 2 * j + k % 2, c] = grad[n, i, j, c]",
                "dx[n, 2 * i : 2 * i + 2, 2 * j : 2 * j + 2, c] = grad[n, i, j, c]",
            )
        ],  # fmt: skip
        {"max_pool_values", "max_pool_ties", "max_pool_gradcheck"},
        "Only the maximum influenced the output",
    ),
    Mistake(
        "ties_get_the_gradient_twice",
        "kernels",
        [
            (
                "dx[n, 2 * i + k // 2, 2 * j + k % 2, c] = grad[n, i, j, c]",
                "dx[n, 2 * i : 2 * i + 2, 2 * j : 2 * j + 2, c] = (window == window.max())"
                " * grad[n, i, j, c]",
            )
        ],  # fmt: skip
        {"max_pool_ties"},
        "three maxima",
    ),
]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_ex04_kernel_backward_mistake_gets_hint_and_partial_marks(mistake):
    assert_mistake_graded(EXERCISE, mistake)
