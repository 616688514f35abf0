"""Accuracy metrics vs NumPy references; batch accumulation; sample weights."""

import numpy as np
import pytest

from kitlib import Tensor
from kitlib.metrics import (
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
    TopKCategoricalAccuracy,
)

RNG = np.random.default_rng(10)
LABELS = RNG.integers(0, 4, size=30)
SCORES = RNG.random((30, 4)).astype("float32")
ONE_HOT = np.eye(4, dtype="float32")[LABELS]
WEIGHTS = RNG.random(30)


def accumulate(metric, y_true, y_pred, weights=None, splits=(7, 19)):
    """Feed the data in uneven batches, as fit() would."""
    metric.reset_state()
    starts, ends = (0, *splits), (*splits, len(y_true))
    for start, end in zip(starts, ends, strict=True):
        w = None if weights is None else weights[start:end]
        metric.update_state(y_true[start:end], y_pred[start:end], sample_weight=w)
    return float(metric.result())


@pytest.mark.parametrize(
    ("metric", "y_true", "reference_hits"),
    [
        (SparseCategoricalAccuracy(), LABELS, SCORES.argmax(-1) == LABELS),
        (SparseCategoricalAccuracy(), LABELS[:, None], SCORES.argmax(-1) == LABELS),
        (CategoricalAccuracy(), ONE_HOT, SCORES.argmax(-1) == LABELS),
        (
            SparseTopKCategoricalAccuracy(k=2),
            LABELS,
            (SCORES > SCORES[np.arange(30), LABELS][:, None]).sum(-1) < 2,
        ),
        (
            TopKCategoricalAccuracy(k=3),
            ONE_HOT,
            (SCORES > SCORES[np.arange(30), LABELS][:, None]).sum(-1) < 3,
        ),
    ],
    ids=["sparse", "sparse_column", "categorical", "sparse_top2", "top3"],
)
def test_accuracy_accumulates_to_the_concatenated_value(metric, y_true, reference_hits):
    hits = reference_hits.astype(float)
    assert accumulate(metric, y_true, SCORES) == pytest.approx(hits.mean())
    weighted = (hits * WEIGHTS).sum() / WEIGHTS.sum()
    assert accumulate(metric, y_true, SCORES, WEIGHTS) == pytest.approx(weighted)


def test_binary_accuracy_threshold_and_column_labels():
    y_true = (RNG.random((30, 1)) > 0.5).astype("float32")
    y_pred = RNG.random((30, 1))
    for threshold in (0.5, 0.8):
        expected = ((y_pred > threshold) == y_true).mean()
        got = accumulate(BinaryAccuracy(threshold=threshold), y_true, y_pred)
        assert got == pytest.approx(expected)
    # (N,) labels against (N, 1) predictions line up instead of broadcasting.
    got = accumulate(BinaryAccuracy(), y_true[:, 0], y_pred)
    assert got == pytest.approx(((y_pred > 0.5) == y_true).mean())


def test_binary_accuracy_averages_per_sample_for_multi_label_outputs():
    y_true = np.array([[1, 1], [0, 0]])
    y_pred = np.array([[0.9, 0.1], [0.2, 0.3]])
    metric = BinaryAccuracy()
    metric.update_state(y_true, y_pred, sample_weight=[1.0, 3.0])
    # per-sample accuracies 0.5 and 1.0, weighted 1:3
    assert float(metric.result()) == pytest.approx((0.5 + 3.0) / 4)


def test_accuracy_exact_match_and_tensor_inputs():
    metric = Accuracy()
    value = metric(Tensor([[1], [2], [3], [4]]), Tensor([[0], [2], [3], [4]]))
    assert float(value) == pytest.approx(0.75)


def test_reset_state_forgets_and_call_returns_running_value():
    metric = SparseCategoricalAccuracy()
    assert float(metric([0, 1], [[0.9, 0.1], [0.8, 0.2]])) == 0.5
    assert float(metric([1], [[0.1, 0.9]])) == pytest.approx(2 / 3)
    metric.reset_state()
    assert float(metric.result()) == 0.0


def test_sparse_accuracy_given_one_hot_labels_explains_the_fix():
    with pytest.raises(ValueError, match="look like one-hot labels") as error:
        SparseCategoricalAccuracy().update_state(ONE_HOT, SCORES)
    assert "y.argmax(-1)" in str(error.value)


def test_categorical_accuracy_given_integer_labels_explains_the_fix():
    with pytest.raises(ValueError, match="sparse_categorical_accuracy"):
        CategoricalAccuracy().update_state(LABELS, SCORES)


def test_top_k_counts_ties_at_the_boundary_as_hits():
    scores = np.array([[0.5, 0.5, 0.5, 0.1]])
    assert float(SparseTopKCategoricalAccuracy(k=1)([2], scores)) == 1.0
    assert float(SparseTopKCategoricalAccuracy(k=1)([3], scores)) == 0.0


def test_accuracy_config_round_trip():
    metric = BinaryAccuracy(name="acc", threshold=0.7)
    clone = BinaryAccuracy.from_config(metric.get_config())
    assert (clone.name, clone.threshold) == ("acc", 0.7)
    top = SparseTopKCategoricalAccuracy.from_config(
        SparseTopKCategoricalAccuracy(k=3).get_config()
    )
    assert top.k == 3
