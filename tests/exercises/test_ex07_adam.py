"""ex07_adam: common mistakes get their specific hint and partial marks."""

import pytest

from tests.exercises.support import Mistake, assert_mistake_graded

EXERCISE = "ex07_adam"
pytestmark = pytest.mark.exercise(EXERCISE)

MISTAKES = [
    Mistake(
        "no_bias_correction",
        "my_adam",
        [
            ("m_hat = m.value / (1 - self.beta_1**t)", "m_hat = m.value"),
            ("v_hat = v.value / (1 - self.beta_2**t)", "v_hat = v.value"),
        ],  # fmt: skip
        {"first_step_is_about_lr", "trajectory_matches_adam"},
        "the bias correction is missing",
    ),
    Mistake(
        "step_counts_from_zero",
        "my_adam",
        [("t = int(self.iterations) + 1", "t = int(self.iterations)")],
        {"first_step_is_about_lr", "trajectory_matches_adam", "trains_with_fit"},
        "t = self.iterations + 1",
    ),
    Mistake(
        "slots_created_every_step",
        "my_adam",
        [
            (
                'self.add_slot(variable, "m")\n            self.add_slot(variable, "v")',
                "pass",
            ),
            (
                'm = self.get_slot(variable, "m")\n        v = self.get_slot(variable, "v")',
                'm = self.add_slot(variable, "m")\n        v = self.add_slot(variable, "v")',
            ),
        ],  # fmt: skip
        {"builds_two_slots", "trajectory_matches_adam", "slots_hold_moments"},
        "slots are being created on every step",
    ),
    Mistake(
        "config_without_super",
        "my_adam",
        [("**super().get_config(),", "")],
        {"config_round_trip"},
        "get_config() is missing ['learning_rate']",
    ),
]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_ex07_adam_mistake_gets_hint_and_partial_marks(mistake):
    assert_mistake_graded(EXERCISE, mistake)
