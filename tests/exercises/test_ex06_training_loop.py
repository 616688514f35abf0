"""ex06_training_loop: common mistakes get their specific hint and partial marks."""

import pytest

from tests.exercises.support import (
    Mistake,
    assert_mistake_graded,
    edited_notebook,
    grade_in_process,
)

EXERCISE = "ex06_training_loop"
pytestmark = pytest.mark.exercise(EXERCISE)

MISTAKES = [
    Mistake(
        "update_never_applied",
        "training_loop",
        [("optimizer.apply_gradients(zip(grads, variables))", "pass")],
        {
            "train_step_updates_weights",
            "train_covers_every_batch",
            "reaches_accuracy_floor",
        },
        "The weights did not change",
    ),
    Mistake(
        "last_batch_dropped",
        "training_loop",
        [
            (
                "range(0, len(x), batch_size)",
                "range(0, len(x) - batch_size + 1, batch_size)",
            )
        ],
        {"train_covers_every_batch"},
        "the last, smaller batch (6 samples) was dropped",
    ),
    Mistake(
        "sum_instead_of_mean",
        "training_loop",
        [("loss = ops.mean(", "loss = ops.sum(")],
        {
            "train_step_returns_loss",
            "train_step_updates_weights",
            "train_returns_epoch_means",
        },
        "the *sum* over the batch",
    ),
    Mistake(
        "gradient_ascent",
        "training_loop",
        [("zip(grads, variables)", "zip([-g for g in grads], variables)")],
        {"train_step_updates_weights", "reaches_accuracy_floor"},
        "moved *up* the gradient",
    ),
]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_ex06_training_loop_mistake_gets_hint_and_partial_marks(mistake):
    assert_mistake_graded(EXERCISE, mistake)


def test_ex06_training_loop_loss_outside_the_tape_is_explained():
    mistake = Mistake(
        "loss_outside_the_tape",
        "training_loop",
        [("\n        loss = ops.mean(", "\n    loss = ops.mean(")],
        set(),
        "",
    )
    report, _ = grade_in_process(EXERCISE, edited_notebook(EXERCISE, mistake))
    update = next(r for r in report.results if r.name == "train_step_updates_weights")
    assert (
        update.status == "error" and "inside the `with GradientTape()" in update.message
    )
