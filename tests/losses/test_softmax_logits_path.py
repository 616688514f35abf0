"""Cross-entropy on a softmax output starts from the remembered logits (as Keras-TF).

The fused path must give the same loss as clip + log wherever no probability
is below 1e-7, an exact (unclipped) loss beyond, and the gradient
``softmax - one_hot`` with respect to the logits.
"""

import numpy as np

from kitlib import GradientTape, Variable, activations, losses, ops


def _reference_loss(labels, logits):
    shifted = logits - logits.max(axis=-1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return -log_probs[np.arange(len(labels)), labels]


def test_softmax_output_remembers_its_logits_only_along_the_last_axis(rng):
    logits = Variable(rng.standard_normal((4, 3)))
    assert activations.softmax(logits)._keras_logits is logits
    assert not hasattr(activations.softmax(logits, axis=0), "_keras_logits")


def test_sparse_loss_on_softmax_equals_clip_and_log_for_ordinary_values(rng):
    logits = Variable(rng.standard_normal((6, 5)))
    labels = rng.integers(0, 5, 6)
    fused = losses.sparse_categorical_crossentropy(labels, activations.softmax(logits))
    plain = losses.sparse_categorical_crossentropy(labels, ops.softmax(logits))
    assert not hasattr(ops.softmax(logits), "_keras_logits")  # the plain path
    np.testing.assert_allclose(fused.numpy(), plain.numpy(), rtol=1e-5)
    np.testing.assert_allclose(
        fused.numpy(), _reference_loss(labels, logits.value), 1e-5
    )


def test_fused_loss_is_exact_where_clipping_would_stop_at_16():
    logits = Variable(np.array([[0.0, 40.0]], np.float32))  # p(class 0) = e^-40
    fused = losses.sparse_categorical_crossentropy([0], activations.softmax(logits))
    clipped = losses.sparse_categorical_crossentropy([0], ops.softmax(logits))
    assert abs(float(clipped.numpy()[0]) - 16.118) < 1e-3
    assert abs(float(fused.numpy()[0]) - 40.0) < 1e-4


def test_gradient_through_the_fused_path_is_softmax_minus_one_hot(rng):
    logits = Variable(rng.standard_normal((4, 3)))
    one_hot = np.eye(3, dtype=np.float32)[[0, 2, 1, 2]]
    with GradientTape() as tape:
        loss = losses.CategoricalCrossentropy()(one_hot, activations.softmax(logits))
    grad = tape.gradient(loss, logits).numpy()
    probs = np.exp(logits.value) / np.exp(logits.value).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(grad, (probs - one_hot) / 4, rtol=1e-5, atol=1e-7)
