"""Tests for kitlib.utils.numerical: to_categorical and normalize (Keras semantics)."""

import numpy as np
import pytest

from kitlib import Tensor
from kitlib.utils import normalize, to_categorical


def test_to_categorical_matches_identity_rows():
    y = np.array([2, 0, 1, 2])
    result = to_categorical(y, num_classes=4)
    np.testing.assert_array_equal(result, np.eye(4, dtype=np.float32)[y])
    assert result.dtype == np.float32


def test_to_categorical_infers_num_classes_from_max_label():
    result = to_categorical([0, 3])
    expected = [[1, 0, 0, 0], [0, 0, 0, 1]]
    np.testing.assert_array_equal(result, expected)


def test_to_categorical_drops_a_trailing_axis_of_one():
    assert to_categorical(np.array([[1], [0]]), 3).shape == (2, 3)


def test_to_categorical_keeps_other_axes():
    y = np.array([[0, 1, 2], [2, 2, 0]])
    result = to_categorical(y)
    assert result.shape == (2, 3, 3)
    assert result[1, 0].tolist() == [0.0, 0.0, 1.0]
    np.testing.assert_array_equal(result.argmax(-1), y)


def test_to_categorical_scalar_label_gives_one_row():
    assert to_categorical(2, 4).tolist() == [0.0, 0.0, 1.0, 0.0]


def test_to_categorical_accepts_whole_number_floats_uint8_and_tensors():
    expected = np.eye(3, dtype=np.float32)[[0, 2]]
    np.testing.assert_array_equal(to_categorical([0.0, 2.0], 3), expected)
    np.testing.assert_array_equal(to_categorical(np.array([0, 2], np.uint8)), expected)
    np.testing.assert_array_equal(to_categorical(Tensor(np.array([0, 2]))), expected)


def test_to_categorical_empty_labels_with_num_classes():
    assert to_categorical(np.array([], dtype=np.int64), 5).shape == (0, 5)


def test_to_categorical_raises_for_negative_labels():
    with pytest.raises(ValueError, match="labels >= 0, but received -1.*y - y.min"):
        to_categorical([0, -1, 2])


def test_to_categorical_raises_when_label_reaches_num_classes():
    with pytest.raises(ValueError, match="labels < num_classes=3, but received 3.*4"):
        to_categorical([0, 3], num_classes=3)


def test_to_categorical_raises_for_fractional_labels():
    with pytest.raises(ValueError, match="whole-number labels.*np.argmax"):
        to_categorical([0.2, 0.8])


@pytest.mark.parametrize(
    "y, num_classes, error, match",
    [
        ([], None, ValueError, "cannot infer num_classes from an empty y"),
        ([0, 1], 0, ValueError, "num_classes >= 1, but received 0"),
        ([0, 1], 2.0, TypeError, "num_classes to be an int"),
        (["a", "b"], None, TypeError, "integer class labels.*dtype <U1"),
        ([True, False], None, TypeError, "integer class labels.*bool"),
    ],
)
def test_to_categorical_raises_for_bad_arguments(y, num_classes, error, match):
    with pytest.raises(error, match=match):
        to_categorical(y, num_classes)


def test_normalize_l2_rows_by_hand():
    result = normalize([[3.0, 4.0], [1.0, 0.0]])
    np.testing.assert_allclose(result, [[0.6, 0.8], [1.0, 0.0]], rtol=1e-6)
    assert result.dtype == np.float32


def test_normalize_matches_numpy_reference_on_other_axis_and_orders():
    x = np.random.default_rng(0).normal(size=(3, 4, 5))
    for order in (1, 2, 3, np.inf):
        norm = np.linalg.norm(x, ord=order, axis=1, keepdims=True)
        np.testing.assert_allclose(normalize(x, axis=1, order=order), x / norm)


def test_normalize_l1_and_max_norm_by_hand():
    np.testing.assert_allclose(normalize([1.0, -3.0], order=1), [0.25, -0.75])
    np.testing.assert_allclose(normalize([1.0, -4.0], order=np.inf), [0.25, -1.0])


def test_normalize_leaves_zero_vectors_as_zeros():
    result = normalize(np.zeros((2, 3)), axis=0)
    assert np.all(result == 0) and not np.any(np.isnan(result))


def test_normalize_keeps_float64_and_turns_ints_into_float32():
    assert normalize(np.ones(3, dtype=np.float64)).dtype == np.float64
    ints = normalize(np.array([[0, 5]]))
    assert ints.dtype == np.float32 and ints.tolist() == [[0.0, 1.0]]


def test_normalize_raises_for_bad_axis_and_order():
    with pytest.raises(ValueError, match=r"axis in \[-2, 1\].*rank 2.*axis=2"):
        normalize(np.ones((2, 2)), axis=2)
    with pytest.raises(TypeError, match="axis to be an int"):
        normalize(np.ones(2), axis=None)
    with pytest.raises(ValueError, match="order >= 1.*0.5"):
        normalize(np.ones(2), order=0.5)
