"""Binary element-wise ops: values vs NumPy, ties, dtypes, symbolic shapes, errors."""

import numpy as np
import pytest

from kitlib import GradientTape, Tensor, Variable, ops


@pytest.mark.parametrize(
    ("op", "reference"),
    [
        (ops.add, np.add),
        (ops.subtract, np.subtract),
        (ops.multiply, np.multiply),
        (ops.divide, np.divide),
        (ops.maximum, np.maximum),
        (ops.minimum, np.minimum),
    ],
)
def test_binary_op_matches_numpy_with_broadcasting(op, reference, rng):
    x, y = rng.normal(size=(3, 1)), rng.normal(size=4)
    out = op(x, y)
    assert out.shape == (3, 4)
    np.testing.assert_allclose(out.numpy(), reference(x, y))


def test_power_matches_numpy_and_its_exponent_gradient_is_zero_for_nonpositive_base():
    base = Variable([-2.0, 0.0, 3.0])
    exponent = Variable([2.0, 2.0, 2.0])
    with GradientTape() as tape:
        out = ops.power(base, exponent)
    np.testing.assert_allclose(out.numpy(), [4.0, 0.0, 9.0])
    grad_base, grad_exp = tape.gradient(out, [base, exponent])
    np.testing.assert_allclose(grad_base.numpy(), [-4.0, 0.0, 6.0])
    np.testing.assert_allclose(
        grad_exp.numpy(), [0.0, 0.0, 9.0 * np.log(3.0)], rtol=1e-6
    )


def test_divide_of_integers_gives_the_default_float():
    out = ops.divide(Tensor([1, 3]), 2)
    assert out.dtype == "float32"
    np.testing.assert_allclose(out.numpy(), [0.5, 1.5])


def test_python_numbers_take_the_tensor_dtype():
    assert (Tensor([1.0]) + 1).dtype == "float32"
    assert (2.0 * Tensor(np.ones(2))).dtype == "float64"
    assert (Tensor([1, 2]) * 3).dtype == "int64"


@pytest.mark.parametrize(
    ("op", "x_grad"), [(ops.maximum, [1, 0, 1]), (ops.minimum, [1, 1, 0])]
)
def test_maximum_minimum_give_ties_to_x_like_tf(op, x_grad):
    x = Variable([2.0, 1.0, 3.0])
    y = Variable([2.0, 5.0, 0.0])  # tie, y larger, x larger
    with GradientTape() as tape:
        out = op(x, y)
    grad_x, grad_y = tape.gradient(out, [x, y])
    np.testing.assert_array_equal(grad_x.numpy(), x_grad)
    np.testing.assert_array_equal(grad_y.numpy(), 1 - np.array(x_grad))


def test_where_picks_values_and_gives_no_gradient_to_the_condition():
    condition = Variable([True, False, True], trainable=False)
    x = Variable([1.0, 2.0, 3.0])
    y = Variable([[10.0], [20.0]])  # broadcasts to (2, 3)
    with GradientTape() as tape:
        tape.watch(condition)
        out = ops.where(condition, x, y)
    np.testing.assert_array_equal(out.numpy(), [[1, 10, 3], [1, 20, 3]])
    grad_c, grad_x, grad_y = tape.gradient(out, [condition, x, y])
    assert grad_c is None
    np.testing.assert_array_equal(grad_x.numpy(), [2, 0, 2])
    np.testing.assert_array_equal(grad_y.numpy(), [[1], [1]])


def test_binary_ops_infer_symbolic_shapes_and_dtypes(symbolic):
    x = symbolic((None, 1, 5))
    y = symbolic((3, 1), dtype="float64")
    assert ops.add(x, y).shape == (None, 3, 5)
    assert ops.power(x, 2).shape == (None, 1, 5)
    assert ops.divide(symbolic((2,), "int64"), 2).dtype == "float32"
    assert ops.where(symbolic((None, 1, 1), "bool"), x, 0.0).shape == (None, 1, 5)
    assert (x - y).shape == (None, 3, 5)


def test_broadcast_error_names_both_shapes(symbolic):
    with pytest.raises(
        ValueError, match=r"ops.add could not combine.*\(2, 3\), \(4,\)"
    ):
        ops.add(np.ones((2, 3)), np.ones(4))
    with pytest.raises(ValueError, match=r"\(None, 3\).*\(4,\)"):
        ops.multiply(symbolic((None, 3)), symbolic((4,)))


def test_symbolic_call_records_a_node_with_the_op(symbolic):
    x, y = symbolic((None, 3)), symbolic((3,))
    out = x * y
    operation, node_index, tensor_index = out._keras_history
    assert type(operation).__name__ == "Multiply"
    assert (node_index, tensor_index) == (0, 0)
    assert operation._inbound_nodes[0].input_tensors == [x, y]
