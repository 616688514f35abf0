"""Tensor and Variable: dtypes, operators going through ops, NumPy interop, assign."""

import numpy as np
import pytest

from kitlib import Tensor, Variable, convert_to_tensor


def test_python_floats_default_to_float32_and_arrays_keep_their_dtype():
    assert Tensor(1.5).dtype == "float32"
    assert Tensor([[1.0, 2.0]]).dtype == "float32"
    assert Tensor(np.ones(2)).dtype == "float64"  # an explicit NumPy array is kept
    assert Tensor([1, 2]).dtype == "int64"
    assert Tensor([1, 2], dtype="float16").dtype == "float16"
    assert Tensor([[1.0, 2.0, 3.0]]).shape == (1, 3)


def test_tensor_rejects_strings_with_a_hint():
    with pytest.raises(TypeError, match="Expected a number, array or tensor"):
        Tensor(["a", "b"])


def test_arithmetic_operators_match_numpy():
    a = np.array([[1.0, 2.0], [3.0, 4.0]], dtype="float32")
    t = Tensor(a)
    cases = [
        (t + 1, a + 1),
        (1 + t, 1 + a),
        (t - 1, a - 1),
        (1 - t, 1 - a),
        (t * t, a * a),
        (2 * t, 2 * a),
        (t / 2, a / 2),
        (2 / t, 2 / a),
        (t**2, a**2),
        (2**t, 2**a),
        (-t, -a),
        (+t, a),
        (abs(-t), a),
        (t @ t, a @ a),
        (a @ t, a @ a),
        (t.T, a.T),
    ]
    for got, expected in cases:
        assert isinstance(got, Tensor)
        np.testing.assert_allclose(got.numpy(), expected)
        assert got.dtype == "float32"


def test_comparisons_return_bool_tensors():
    t = Tensor([1.0, 2.0, 3.0])
    assert (t > 1.5).numpy().tolist() == [False, True, True]
    assert (t == Tensor([1.0, 0.0, 3.0])).numpy().tolist() == [True, False, True]
    assert (t != 2.0).dtype == "bool"


def test_indexing_follows_numpy():
    a = np.arange(12.0).reshape(3, 4)
    t = Tensor(a)
    np.testing.assert_array_equal(t[1].numpy(), a[1])
    np.testing.assert_array_equal(t[:, 1:3].numpy(), a[:, 1:3])
    np.testing.assert_array_equal(t[[2, 0]].numpy(), a[[2, 0]])
    assert float(t[2, 3]) == 11.0


def test_numpy_interop_and_python_conversions():
    t = Tensor([[1.0, 2.0]])
    np.testing.assert_array_equal(np.asarray(t), [[1.0, 2.0]])
    assert np.asarray(t, dtype="int32").dtype == np.int32
    assert np.sum(t) == 3.0
    assert len(t) == 1
    assert float(Tensor(2.5)) == 2.5 and int(Tensor(3)) == 3
    assert bool(Tensor([1.0])) is True


def test_ambiguous_truth_value_and_scalar_len_explain_themselves():
    with pytest.raises(ValueError, match=r"shape \(2,\) is ambiguous.*ops.any"):
        bool(Tensor([1.0, 2.0]))
    with pytest.raises(TypeError, match="0-d tensor"):
        len(Tensor(1.0))


def test_tensors_hash_by_identity():
    a, b = Tensor([1.0]), Tensor([1.0])
    assert len({a, b}) == 2


def test_repr_shows_shape_dtype_and_values():
    text = repr(Tensor([1.0, 2.0]))
    assert "shape=(2,)" in text and "dtype=float32" in text and "1." in text


def test_convert_to_tensor_returns_tensors_unchanged():
    t = Tensor([1.0])
    assert convert_to_tensor(t) is t
    assert convert_to_tensor(t, "float64").dtype == "float64"
    assert convert_to_tensor([1, 2]).dtype == "int64"


def test_variable_defaults_and_auto_names():
    v = Variable(np.zeros(3))  # float64 NumPy values become float32 weights
    assert v.dtype == "float32"
    assert v.trainable is True
    assert v.name == "variable"
    assert Variable(1.0).name == "variable_1"
    assert Variable([1.0], dtype="float64").dtype == "float64"
    assert Variable([1.0], name="w", trainable=False).trainable is False


def test_variable_copies_its_initial_array():
    source = np.ones(2, dtype="float32")
    v = Variable(source)
    source[0] = 5.0
    assert v.numpy().tolist() == [1.0, 1.0]


def test_assign_family_replaces_the_array_instead_of_writing_into_it():
    v = Variable([1.0, 2.0])
    old = v.value
    v.assign([5.0, 6.0])
    assert v.numpy().tolist() == [5.0, 6.0]
    assert old.tolist() == [1.0, 2.0]  # a tape holding `old` still sees it intact
    assert v.assign_add([1.0, 1.0]) is v
    assert v.numpy().tolist() == [6.0, 7.0]
    v.assign_sub(Tensor([0.5, 0.5]))
    assert v.numpy().tolist() == [5.5, 6.5]
    assert v.dtype == "float32"


@pytest.mark.parametrize("method", ["assign", "assign_add", "assign_sub"])
def test_assign_with_another_shape_names_both_shapes(method):
    v = Variable(np.zeros((2, 3)), name="kernel")
    with pytest.raises(
        ValueError, match=r"'kernel' has shape \(2, 3\).*shape \(3, 2\)"
    ):
        getattr(v, method)(np.zeros((3, 2)))


def test_variable_repr_mentions_name_and_trainable():
    text = repr(Variable([1.0], name="bias", trainable=False))
    assert "'bias'" in text and "trainable=False" in text


def test_assign_add_accepts_a_delta_that_broadcasts_to_the_variable():
    v = Variable(np.zeros((2, 3)))
    v.assign_add(1.0)
    v.assign_sub([0.5, 0.0, 0.5])
    np.testing.assert_array_equal(v.numpy(), [[0.5, 1.0, 0.5], [0.5, 1.0, 0.5]])
    with pytest.raises(ValueError, match=r"assign_add\(\) received a value of shape"):
        v.assign_add(np.ones((1, 2, 3)))  # would grow the variable
