"""ex06_training_loop: ``train_step`` and ``train`` by hand with a GradientTape.

Notebook: ``notebooks/08_gradient_tape.ipynb``; exercise ``exercises/ex06_training_loop/``.

The learner defines ``train_step(model, optimizer, x, y) -> float`` (forward
under a tape, mean sparse softmax cross-entropy of the logits, gradients, one
optimizer update; returns the loss before the update) and
``train(model, optimizer, x, y, epochs, batch_size=32, seed=0) -> list[float]``
(a new shuffle each epoch, every batch including the last smaller one; the
mean loss of each epoch).
"""

from __future__ import annotations

import math

import numpy as np

from kitlib.datasets import digits
from kitlib.engine.input_layer import Input
from kitlib.grading.exercise import Exercise, Submission, fail
from kitlib.grading.exercises._helpers import require_function
from kitlib.layers import Dense
from kitlib.models import Model
from kitlib.optimizers import SGD, Adam

EXERCISE = Exercise(
    "ex06_training_loop",
    "A training loop by hand: GradientTape, batches, epochs, an accuracy floor",
    names=("train_step", "train"),
    notebook="notebooks/08_gradient_tape.ipynb",
)
ACCURACY_FLOOR = 0.90


def _softmax_regression(rng: np.random.Generator) -> Model:
    inputs = Input(shape=(4,))
    model = Model(inputs, Dense(3)(inputs))
    kernel, bias = model.trainable_variables
    kernel.assign(rng.standard_normal((4, 3)).astype("float32"))
    bias.assign(np.array([0.1, -0.2, 0.3], dtype="float32"))
    return model


def _reference(x: np.ndarray, y: np.ndarray, kernel: np.ndarray, bias: np.ndarray):
    """Mean cross-entropy and its gradients, in NumPy (float64)."""
    logits = x @ kernel + bias
    logits = logits - logits.max(axis=1, keepdims=True)
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[np.arange(len(y)), y]))
    delta = probs.copy()
    delta[np.arange(len(y)), y] -= 1
    delta /= len(y)
    return loss, x.T @ delta, delta.sum(axis=0)


def _data(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    return rng.standard_normal((n, 4)).astype("float32"), rng.integers(0, 3, n)


def _none_hint(error: BaseException) -> str | None:
    if "None" in str(error):
        return (
            "No gradient reached the weights: compute the model's output *and* the loss "
            "inside the `with GradientTape() as tape:` block."
        )
    return None


@EXERCISE.check("train_step returns the batch's mean cross-entropy as a float")
def train_step_returns_loss(sub: Submission) -> None:
    rng = np.random.default_rng(7)
    model = _softmax_regression(rng)
    x, y = _data(rng, 5)
    kernel, bias = (v.numpy().astype(float) for v in model.trainable_variables)
    expected, _, _ = _reference(x.astype(float), y, kernel, bias)
    result = require_function(sub.get("train_step"), "train_step")(
        model, SGD(learning_rate=0.0), x, y
    )
    try:
        value = float(result)
    except (TypeError, ValueError):
        fail(f"train_step should return the loss as a number, not {result!r}.")
    if math.isclose(value, expected * len(y), rel_tol=1e-4):
        fail(
            f"train_step returned {value:.4f}, the *sum* over the batch; expected the "
            f"mean, {expected:.4f}. Use ops.mean(...), so the step size does not grow "
            "with the batch size."
        )
    if not math.isclose(value, expected, rel_tol=1e-4):
        fail(
            f"train_step returned {value:.4f}; the mean sparse softmax cross-entropy of "
            f"the logits is {expected:.4f}. Use "
            "ops.mean(ops.sparse_softmax_cross_entropy(y, model(x)))."
        )


@EXERCISE.check(
    "train_step moves the weights by -learning_rate * gradient",
    points=2,
    explain=_none_hint,
)
def train_step_updates_weights(sub: Submission) -> None:
    rng = np.random.default_rng(8)
    model = _softmax_regression(rng)
    x, y = _data(rng, 6)
    kernel, bias = (v.numpy().astype(float) for v in model.trainable_variables)
    _, d_kernel, d_bias = _reference(x.astype(float), y, kernel, bias)
    sub.get("train_step")(model, SGD(learning_rate=0.5), x, y)
    new_kernel, new_bias = (v.numpy().astype(float) for v in model.trainable_variables)
    if np.allclose(new_kernel, kernel):
        fail(
            "The weights did not change: call optimizer.apply_gradients(zip(grads, "
            "model.trainable_variables)) after tape.gradient(loss, ...)."
        )
    if np.allclose(new_kernel, kernel + 0.5 * d_kernel, atol=1e-5):
        fail(
            "The weights moved *up* the gradient: pass the gradients, not their negatives."
        )
    if not (
        np.allclose(new_kernel, kernel - 0.5 * d_kernel, atol=1e-5)
        and np.allclose(new_bias, bias - 0.5 * d_bias, atol=1e-5)
    ):
        fail(
            "After one SGD step (learning_rate=0.5) the weights differ from "
            "w - 0.5 * d(mean loss)/dw computed by hand. Differentiate the mean loss "
            "with respect to model.trainable_variables."
        )


@EXERCISE.check("train runs one step per batch, the last smaller batch included")
def train_covers_every_batch(sub: Submission) -> None:
    rng = np.random.default_rng(9)
    model = _softmax_regression(rng)
    x, y = _data(rng, 70)
    optimizer = SGD(learning_rate=0.0)
    require_function(sub.get("train"), "train")(model, optimizer, x, y, 2, 32)
    steps = int(optimizer.iterations)
    if steps == 4:
        fail(
            "train made 4 steps for 2 epochs of 70 samples in batches of 32: the last, "
            "smaller batch (6 samples) was dropped. Let range(0, len(x), batch_size) "
            "run to the end; x[start:start + batch_size] simply comes out shorter."
        )
    if steps != 6:
        fail(
            f"train made {steps} optimizer steps for 2 epochs of 70 samples in batches "
            "of 32; expected 6 (3 batches per epoch)."
        )


@EXERCISE.check("train returns one mean loss per epoch")
def train_returns_epoch_means(sub: Submission) -> None:
    rng = np.random.default_rng(10)
    model = _softmax_regression(rng)
    x, y = _data(rng, 64)
    kernel, bias = (v.numpy().astype(float) for v in model.trainable_variables)
    expected, _, _ = _reference(x.astype(float), y, kernel, bias)
    losses = sub.get("train")(model, SGD(learning_rate=0.0), x, y, 3, 16)
    if not isinstance(losses, list | tuple) or len(losses) != 3:
        fail(f"train(..., epochs=3) should return a list of 3 losses, not {losses!r}.")
    if not np.allclose([float(v) for v in losses], expected, rtol=1e-3):
        fail(
            f"With a learning rate of 0 every epoch's mean loss is {expected:.4f}, but "
            f"train returned {[round(float(v), 4) for v in losses]}. Average the losses "
            "train_step returned during the epoch."
        )


@EXERCISE.check(
    f"reaches {ACCURACY_FLOOR:.0%} test accuracy on the digits", points=3, timeout=90
)
def reaches_accuracy_floor(sub: Submission) -> None:
    (x_train, y_train), (x_test, y_test) = digits.load_data(flatten=True)
    x_train = (x_train / digits.MAX_PIXEL).astype("float32")
    x_test = (x_test / digits.MAX_PIXEL).astype("float32")
    inputs = Input(shape=(64,))
    model = Model(inputs, Dense(10)(Dense(32, activation="relu")(inputs)))
    sub.get("train")(model, Adam(learning_rate=1e-2), x_train, y_train, 5, 64)
    accuracy = float(np.mean(np.argmax(model(x_test).numpy(), axis=-1) == y_test))
    if accuracy < ACCURACY_FLOOR:
        fail(
            f"After 5 epochs (Adam 1e-2, batches of 64) the test accuracy is "
            f"{accuracy:.1%}, below {ACCURACY_FLOOR:.0%}. Check that each batch's labels "
            "come from the same indices as its images, and that every step updates "
            "the weights."
        )
