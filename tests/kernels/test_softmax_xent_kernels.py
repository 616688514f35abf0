"""Fused softmax cross-entropy kernels vs NumPy, including extreme logits."""

import numpy as np
import pytest

from kitlib.kernels import softmax_xent as K


def _log_softmax(logits):
    shifted = logits - logits.max(-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(-1, keepdims=True))


def xent_reference(logits, labels):
    return -(labels * _log_softmax(logits)).sum(-1)


def test_dense_xent_matches_numpy_forward_and_backward(f32, numeric_vjp):
    logits, grad = f32(5, 4) * 3, f32(5)
    labels = np.abs(f32(5, 4))  # any non-negative labels, not only one-hot rows
    loss, log_probs = K.softmax_cross_entropy_forward(logits, labels)
    np.testing.assert_allclose(loss, xent_reference(logits, labels), 1e-5, 1e-5)
    np.testing.assert_allclose(
        log_probs, _log_softmax(logits.astype(float)), 1e-5, 1e-5
    )
    dlogits = K.softmax_cross_entropy_backward(log_probs, labels, grad)
    expected, _ = numeric_vjp(xent_reference, [logits, labels], grad)
    np.testing.assert_allclose(dlogits, expected, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("batch", [1, 6])
def test_sparse_xent_matches_dense_xent_with_one_hot_labels(batch, rng, f32):
    logits, grad = f32(batch, 5) * 3, f32(batch)
    labels = rng.integers(0, 5, batch)
    one_hot = np.eye(5, dtype=np.float32)[labels]
    loss, log_probs = K.sparse_softmax_cross_entropy_forward(logits, labels)
    np.testing.assert_allclose(loss, xent_reference(logits, one_hot), 1e-5, 1e-5)
    dense_loss, dense_log_probs = K.softmax_cross_entropy_forward(logits, one_hot)
    np.testing.assert_allclose(loss, dense_loss, rtol=1e-6)
    dlogits = K.sparse_softmax_cross_entropy_backward(log_probs, labels, grad)
    expected = K.softmax_cross_entropy_backward(dense_log_probs, one_hot, grad)
    np.testing.assert_allclose(dlogits, expected, rtol=1e-6, atol=1e-7)


@pytest.mark.nojit
def test_xent_is_finite_for_huge_logits():
    logits = np.array([[1000.0, -1000.0], [-1000.0, 1000.0]], np.float32)
    labels = np.array([0, 0])
    loss, log_probs = K.sparse_softmax_cross_entropy_forward(logits, labels)
    assert loss.tolist() == [0.0, 2000.0]  # log(softmax) computed naively: inf
    dlogits = K.sparse_softmax_cross_entropy_backward(
        log_probs, labels, np.ones(2, np.float32)
    )
    assert dlogits.tolist() == [[0.0, 0.0], [-1.0, 1.0]]


@pytest.mark.nojit
def test_dense_xent_on_hand_values():
    logits = np.zeros((1, 4), np.float32)
    labels = np.array([[0.0, 0.5, 0.5, 0.0]], np.float32)
    loss, log_probs = K.softmax_cross_entropy_forward(logits, labels)
    np.testing.assert_allclose(loss, [np.log(4.0)], rtol=1e-6)
    dlogits = K.softmax_cross_entropy_backward(
        log_probs, labels, np.ones(1, np.float32)
    )
    np.testing.assert_allclose(dlogits, [[0.25, -0.25, -0.25, 0.25]], rtol=1e-6)
