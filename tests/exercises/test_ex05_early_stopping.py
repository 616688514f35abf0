"""ex05_early_stopping: common mistakes get their specific hint and partial marks."""

import pytest

from tests.exercises.support import Mistake, assert_mistake_graded

EXERCISE = "ex05_early_stopping"
pytestmark = pytest.mark.exercise(EXERCISE)

MISTAKES = [
    Mistake(
        "patience_off_by_one",
        "early_stopping",
        [("if self.wait >= self.patience:", "if self.wait > self.patience:")],
        {
            "stops_after_patience",
            "min_delta_counts",
            "improvement_resets_wait",
            "works_in_fit",
            "reuse_resets",
        },  # fmt: skip
        "Patience is off by one",
    ),
    Mistake(
        "wait_not_reset_on_improvement",
        "early_stopping",
        [("self.best = current\n            self.wait = 0", "self.best = current")],
        {"improvement_resets_wait"},
        "reset wait to 0 when the value improves",
    ),
    Mistake(
        "min_delta_ignored",
        "early_stopping",
        [("if current < self.best - self.min_delta:", "if current < self.best:")],
        {"min_delta_counts"},
        "current < best - min_delta",
    ),
    Mistake(
        "best_weights_never_restored",
        "early_stopping",
        [("self.model.set_weights(self.best_weights)", "pass")],
        {"restores_best_weights"},
        "call self.model.set_weights(...) in on_train_end",
    ),
    Mistake(
        "state_not_reset_between_fits",
        "early_stopping",
        [
            (
                "self.restore_best_weights = restore_best_weights\n        self.on_train_begin()",
                "self.restore_best_weights = restore_best_weights\n        self.wait = 0\n"
                "        self.best = np.inf\n        self.best_weights = None",
            ),
            (
                "self.wait = 0\n        self.best = np.inf\n        self.best_weights = None\n"
                "        ### END SOLUTION\n\n    def on_epoch_end",
                "pass\n        ### END SOLUTION\n\n    def on_epoch_end",
            ),
        ],  # fmt: skip
        {"reuse_resets"},
        "Reset wait, best and the saved weights in on_train_begin",
    ),
]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_ex05_early_stopping_mistake_gets_hint_and_partial_marks(mistake):
    assert_mistake_graded(EXERCISE, mistake)
