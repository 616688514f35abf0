"""ex01_custom_dense: common mistakes get their specific hint and partial marks."""

import pytest

from tests.exercises.support import Mistake, assert_mistake_graded

EXERCISE = "ex01_custom_dense"
pytestmark = pytest.mark.exercise(EXERCISE)

MISTAKES = [
    Mistake(
        "kernel_transposed",
        "my_dense",
        [
            ("shape=(input_dim, self.units)", "shape=(self.units, input_dim)"),
            (
                "ops.matmul(inputs, self.kernel)",
                "ops.matmul(inputs, ops.transpose(self.kernel))",
            ),
        ],
        {"build_creates_kernel_and_bias"},
        "it is transposed",
    ),
    Mistake(
        "bias_forgotten_in_call",
        "my_dense",
        [("outputs = outputs + self.bias", "outputs = outputs")],
        {"call_computes_affine"},
        "the bias is forgotten in call()",
    ),
    Mistake(
        "weights_created_in_init",
        "my_dense",
        [
            (
                "self.use_bias = use_bias\n",
                "self.use_bias = use_bias\n        self.build((None, 3))\n",
            )
        ],
        {
            "creates_no_weights_in_init",
            "build_creates_kernel_and_bias",
            "symbolic_call_builds_lazily",
        },  # fmt: skip
        "Create the weights in build(input_shape)",
    ),
    Mistake(
        "build_called_again_in_call",
        "my_dense",
        [
            (
                "outputs = ops.matmul(",
                "self.build(inputs.shape)\n        outputs = ops.matmul(",
            )
        ],
        {"call_computes_affine", "builds_once"},
        "build is called twice",
    ),
    Mistake(
        "config_without_super",
        "my_dense",
        [("**super().get_config(),", "")],
        {"config_round_trip"},
        "start from the base class's config",
    ),
]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_ex01_custom_dense_mistake_gets_hint_and_partial_marks(mistake):
    assert_mistake_graded(EXERCISE, mistake)
