"""ex08_subclassed_model: common mistakes get their specific hint and partial marks."""

import pytest

from tests.exercises.support import Mistake, assert_mistake_graded

EXERCISE = "ex08_subclassed_model"
pytestmark = pytest.mark.exercise(EXERCISE)

MISTAKES = [
    Mistake(
        "two_encoders",
        "twin_scorer",
        [
            (
                'self.encoder = Dense(units, activation="relu")',
                'self.encoder = Dense(units, activation="relu")\n'
                '        self.other_encoder = Dense(units, activation="relu")',
            ),
            ("self.encoder(right)", "self.other_encoder(right)"),
        ],  # fmt: skip
        {"shares_the_encoder", "call_values"},
        "there are two encoders",
    ),
    Mistake(
        "layers_created_in_call",
        "twin_scorer",
        [
            (
                'self.encoder = Dense(units, activation="relu")\n        self.head = Dense(1)',
                "pass",
            ),
            (
                "left, right = inputs",
                'left, right = inputs\n        self.encoder = Dense(self.units, activation="relu")'
                "\n        self.head = Dense(1)",
            ),
        ],  # fmt: skip
        {
            "layers_tracked_in_init",
            "shares_the_encoder",
            "weights_persist_between_calls",
            "rebuilt_model_predicts_the_same",
        },  # fmt: skip
        "layers created inside call() are new on every call",
    ),
    Mistake(
        "units_missing_from_config",
        "twin_scorer",
        [
            (
                'return {**super().get_config(), "units": self.units}',
                "return super().get_config()",
            )
        ],  # fmt: skip
        {"config_round_trip", "rebuilt_model_predicts_the_same"},
        "it needs 'units'",
    ),
    Mistake(
        "signed_difference",
        "twin_scorer",
        [
            (
                "ops.abs(self.encoder(left) - self.encoder(right))",
                "self.encoder(left) - self.encoder(right)",
            )
        ],  # fmt: skip
        {"shares_the_encoder", "call_values"},
        "Swapping the inputs changed the score",
    ),
]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_ex08_subclassed_model_mistake_gets_hint_and_partial_marks(mistake):
    assert_mistake_graded(EXERCISE, mistake)
