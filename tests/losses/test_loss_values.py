"""Every loss against a NumPy reference written from its formula."""

import warnings

import numpy as np
import pytest

from kitlib import losses

RNG = np.random.default_rng(21)
EPS = 1e-7


def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def test_regression_losses_match_reference():
    y_true = RNG.normal(size=(5, 4))
    y_pred = RNG.normal(size=(5, 4))
    diff = y_pred - y_true
    cases = {
        "mse": (diff**2).mean(-1),
        "mae": np.abs(diff).mean(-1),
        "mape": 100 * np.abs(diff / np.maximum(np.abs(y_true), EPS)).mean(-1),
    }
    for name, expected in cases.items():
        got = getattr(losses, losses.get(name).fn.__name__)(y_true, y_pred)
        np.testing.assert_allclose(got.numpy(), expected, rtol=1e-6)


@pytest.mark.parametrize("delta", [0.5, 1.0, 3.0])
def test_huber_matches_reference(delta):
    y_true, y_pred = RNG.normal(size=(6, 3)) * 2, RNG.normal(size=(6, 3)) * 2
    error = np.abs(y_pred - y_true)
    per = np.where(error <= delta, 0.5 * error**2, delta * error - 0.5 * delta**2)
    got = losses.Huber(delta=delta)(y_true, y_pred)
    assert float(got) == pytest.approx(per.mean(), rel=1e-5)


def test_binary_crossentropy_probabilities_logits_and_smoothing():
    y_true = (RNG.random((6, 2)) > 0.5).astype(float)
    logits = RNG.normal(size=(6, 2)) * 3
    p = np.clip(sigmoid(logits), EPS, 1 - EPS)
    for smoothing in (0.0, 0.2):
        z = y_true * (1 - smoothing) + 0.5 * smoothing
        expected = -(z * np.log(p) + (1 - z) * np.log(1 - p)).mean(-1)
        from_p = losses.binary_crossentropy(
            y_true, sigmoid(logits), label_smoothing=smoothing
        )
        from_x = losses.binary_crossentropy(
            y_true, logits, from_logits=True, label_smoothing=smoothing
        )
        np.testing.assert_allclose(from_p.numpy(), expected, rtol=1e-5)
        np.testing.assert_allclose(from_x.numpy(), expected, rtol=1e-5)


def test_binary_crossentropy_is_stable_for_extreme_logits():
    logits = np.array([[1000.0], [-1000.0], [1000.0], [-1000.0]])
    y_true = np.array([[1.0], [0.0], [0.0], [1.0]])
    got = losses.BinaryCrossentropy(from_logits=True, reduction=None)(y_true, logits)
    np.testing.assert_allclose(got.numpy(), [0.0, 0.0, 1000.0, 1000.0])
    # probabilities of exactly 0 and 1 are clipped: finite, about -log(1e-7)
    clipped = losses.binary_crossentropy([[1.0]], [[0.0]])
    assert float(clipped.numpy()[0]) == pytest.approx(-np.log(EPS), rel=1e-3)


def test_categorical_crossentropy_probabilities_logits_and_smoothing():
    labels = RNG.integers(0, 4, size=5)
    one_hot = np.eye(4)[labels]
    logits = RNG.normal(size=(5, 4)) * 2
    probabilities = softmax(logits)
    for smoothing in (0.0, 0.1):
        target = one_hot * (1 - smoothing) + smoothing / 4
        expected = -(target * np.log(np.clip(probabilities, EPS, 1 - EPS))).sum(-1)
        got = losses.categorical_crossentropy(
            one_hot, probabilities, label_smoothing=smoothing
        )
        np.testing.assert_allclose(got.numpy(), expected, rtol=1e-5)
        exact = -(
            target * (logits - np.log(np.exp(logits).sum(-1, keepdims=True)))
        ).sum(-1)
        got = losses.categorical_crossentropy(
            one_hot, logits, from_logits=True, label_smoothing=smoothing
        )
        np.testing.assert_allclose(got.numpy(), exact, rtol=1e-5)


def test_categorical_crossentropy_renormalizes_probability_rows():
    got = losses.categorical_crossentropy([[0.0, 1.0]], [[0.2, 0.6]])
    assert float(got.numpy()[0]) == pytest.approx(-np.log(0.75), rel=1e-5)


def test_sparse_categorical_crossentropy_matches_categorical():
    labels = RNG.integers(0, 5, size=7)
    logits = RNG.normal(size=(7, 5))
    dense = losses.categorical_crossentropy(np.eye(5)[labels], softmax(logits))
    for y_true in (labels, labels[:, None], labels.astype("float32")):
        sparse = losses.sparse_categorical_crossentropy(y_true, softmax(logits))
        np.testing.assert_allclose(sparse.numpy(), dense.numpy(), rtol=1e-5)
    from_logits = losses.sparse_categorical_crossentropy(
        labels, logits, from_logits=True
    )
    np.testing.assert_allclose(from_logits.numpy(), dense.numpy(), rtol=1e-4)


def test_crossentropy_from_logits_is_stable_for_extreme_logits():
    logits = np.array([[1000.0, -1000.0, 0.0]])
    got = losses.sparse_categorical_crossentropy([1], logits, from_logits=True)
    assert float(got.numpy()[0]) == pytest.approx(2000.0)
    got = losses.categorical_crossentropy([[1.0, 0.0, 0.0]], logits, from_logits=True)
    assert float(got.numpy()[0]) == pytest.approx(0.0, abs=1e-6)


def test_kl_divergence_and_hinge_match_reference():
    p = softmax(RNG.normal(size=(4, 3)))
    q = softmax(RNG.normal(size=(4, 3)))
    np.testing.assert_allclose(
        losses.kl_divergence(p, q).numpy(), (p * np.log(p / q)).sum(-1), rtol=1e-5
    )
    scores = RNG.normal(size=(4, 3))
    signs = np.where(RNG.random((4, 3)) > 0.5, 1.0, -1.0)
    expected = np.maximum(1 - signs * scores, 0).mean(-1)
    np.testing.assert_allclose(losses.hinge(signs, scores).numpy(), expected, rtol=1e-6)
    zero_one = (signs + 1) / 2  # 0/1 labels are mapped to -1/1
    np.testing.assert_allclose(
        losses.hinge(zero_one, scores).numpy(), expected, rtol=1e-6
    )


def test_from_logits_true_on_softmax_output_warns():
    with pytest.warns(UserWarning, match="already probabilities"):
        losses.categorical_crossentropy([[0.0, 1.0]], [[0.3, 0.7]], from_logits=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        losses.categorical_crossentropy([[0.0, 1.0]], [[-1.0, 2.0]], from_logits=True)
