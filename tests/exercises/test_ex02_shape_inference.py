"""ex02_shape_inference: common mistakes get their specific hint and partial marks."""

import pytest

from tests.exercises.support import Mistake, assert_mistake_graded

EXERCISE = "ex02_shape_inference"
pytestmark = pytest.mark.exercise(EXERCISE)

MISTAKES = [
    Mistake(
        "height_and_width_swapped",
        "my_cropping",
        [
            (
                "(top, bottom), (left, right) = self.cropping\n        if height",
                "(left, right), (top, bottom) = self.cropping\n        if height",
            )
        ],  # fmt: skip
        {"output_shape_values", "output_shape_keeps_none", "symbolic_matches_eager"},
        "height and width are swapped",
    ),
    Mistake(
        "minus_zero_slice",
        "my_cropping",
        [("top : -bottom or None, left : -right or None", "top:-bottom, left:-right")],
        {"call_crops_values"},
        "because -0 is 0",
    ),
    Mistake(
        "arithmetic_on_none",
        "my_cropping",
        [
            (
                "if height is not None:\n            height = height - top - bottom\n"
                "        if width is not None:\n            width = width - left - right",
                "height = height - top - bottom\n        width = width - left - right",
            )
        ],  # fmt: skip
        {"output_shape_keeps_none"},
        "leave it None",
    ),
    Mistake(
        "no_input_spec",
        "my_cropping",
        [("self.input_spec = InputSpec(ndim=4)", "pass")],
        {"input_spec_requires_4d"},
        "Set self.input_spec = InputSpec(ndim=4)",
    ),
]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_ex02_shape_inference_mistake_gets_hint_and_partial_marks(mistake):
    assert_mistake_graded(EXERCISE, mistake)
