"""Learner mistakes with labels get errors that name the fix."""

import numpy as np
import pytest

from kitlib import losses


def test_sparse_crossentropy_given_one_hot_labels():
    with pytest.raises(ValueError, match="look like one-hot labels") as error:
        losses.SparseCategoricalCrossentropy()(np.eye(3), np.full((3, 3), 1 / 3))
    message = str(error.value)
    assert "'categorical_crossentropy'" in message and "y.argmax(-1)" in message


def test_sparse_crossentropy_labels_out_of_range_or_not_integers():
    probabilities = np.full((2, 3), 1 / 3)
    with pytest.raises(ValueError, match="if yours start at 1, subtract 1"):
        losses.sparse_categorical_crossentropy([1, 3], probabilities)
    with pytest.raises(ValueError, match="non-integer labels such as 0.5"):
        losses.sparse_categorical_crossentropy([0.5, 1.0], probabilities)
    with pytest.raises(
        ValueError, match=r"shape \(2,\), but received labels of shape \(3,\)"
    ):
        losses.sparse_categorical_crossentropy([0, 1, 2], probabilities)


def test_categorical_crossentropy_given_integer_labels():
    with pytest.raises(ValueError, match="'sparse_categorical_crossentropy'"):
        losses.categorical_crossentropy([0, 2], np.full((2, 3), 1 / 3))


def test_mismatched_shapes_never_broadcast_silently():
    with pytest.raises(ValueError, match=r"y_true \(4, 2\) and y_pred \(4, 3\)"):
        losses.mean_squared_error(np.zeros((4, 2)), np.zeros((4, 3)))
    # (N,) labels against (N, 1) predictions are lined up, not broadcast to (N, N)
    got = losses.MeanSquaredError()(np.zeros(4), np.ones((4, 1)))
    assert float(got) == 1.0


def test_probability_losses_refuse_logits_with_a_hint():
    with pytest.raises(ValueError, match="pass from_logits=True"):
        losses.BinaryCrossentropy()([[1.0]], [[3.5]])
    with pytest.raises(ValueError, match="look like logits"):
        losses.sparse_categorical_crossentropy([0], [[-1.0, 2.0]])
