"""Loss gradients from GradientTape vs central finite differences (float64)."""

import numpy as np
import pytest

from kitlib import GradientTape, Variable, losses
from kitlib.losses.sigmoid_cross_entropy import sigmoid_cross_entropy
from kitlib.testing import check_gradients

RNG = np.random.default_rng(22)
Y_REAL = RNG.normal(size=(4, 3))
Y_BINARY = (RNG.random((4, 3)) > 0.5).astype(float)
LABELS = RNG.integers(0, 3, size=4)
ONE_HOT = np.eye(3)[LABELS]


def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


# Predictions kept away from clip bounds and kinks, where derivatives jump.
PROBABILITIES = 0.1 + 0.8 * RNG.random((4, 3))
LOGITS = RNG.normal(size=(4, 3)) * 2
ROWS = softmax(LOGITS)


@pytest.mark.parametrize(
    ("loss", "y_true", "y_pred"),
    [
        (losses.mean_squared_error, Y_REAL, LOGITS),
        (losses.mean_absolute_error, Y_REAL, LOGITS),
        (losses.mean_absolute_percentage_error, Y_REAL, LOGITS),
        (lambda t, p: losses.huber(t, p, delta=1.0), Y_REAL, LOGITS),
        (losses.binary_crossentropy, Y_BINARY, PROBABILITIES),
        (
            lambda t, p: losses.binary_crossentropy(t, p, from_logits=True),
            Y_BINARY,
            LOGITS,
        ),
        (
            lambda t, p: losses.binary_crossentropy(t, p, label_smoothing=0.2),
            Y_BINARY,
            PROBABILITIES,
        ),
        (losses.categorical_crossentropy, ONE_HOT, ROWS),
        (
            lambda t, p: losses.categorical_crossentropy(t, p, from_logits=True),
            ONE_HOT,
            LOGITS,
        ),
        (losses.sparse_categorical_crossentropy, LABELS, ROWS),
        (
            lambda t, p: losses.sparse_categorical_crossentropy(t, p, from_logits=True),
            LABELS,
            LOGITS,
        ),
        (losses.kl_divergence, ROWS, softmax(RNG.normal(size=(4, 3)))),
        (losses.hinge, 2 * Y_BINARY - 1, LOGITS),
    ],
    ids=[
        "mse",
        "mae",
        "mape",
        "huber",
        "bce",
        "bce_logits",
        "bce_smoothing",
        "cce",
        "cce_logits",
        "scce",
        "scce_logits",
        "kld",
        "hinge",
    ],
)
def test_loss_gradient_matches_finite_differences(loss, y_true, y_pred):
    check_gradients(lambda p: loss(y_true, p), [y_pred])


def test_sigmoid_cross_entropy_gradient_for_labels_and_logits():
    check_gradients(sigmoid_cross_entropy, [0.2 + 0.6 * RNG.random(3), LOGITS[0]])


def test_bce_with_logits_gradient_is_sigmoid_minus_label_even_at_zero():
    logits = Variable(np.array([[0.0, 1000.0, -1000.0]]))
    with GradientTape() as tape:
        loss = losses.BinaryCrossentropy(from_logits=True, reduction="sum")(
            [[1.0, 1.0, 1.0]], logits
        )
    grad = tape.gradient(loss, logits).numpy()
    # sigmoid(x) - 1 per element, divided by 3 for the mean over the last axis
    np.testing.assert_allclose(grad, [[-0.5 / 3, 0.0, -1.0 / 3]], atol=1e-7)


def test_loss_object_gradient_through_sample_weights_and_reduction():
    def weighted(p):
        loss = losses.MeanSquaredError(dtype="float64")
        return loss(Y_REAL, p, sample_weight=np.array([1.0, 0.5, 0.0, 2.0]))

    check_gradients(weighted, [LOGITS])
