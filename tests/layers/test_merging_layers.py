"""Merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate."""

import numpy as np
import pytest

from kitlib import GradientTape, Input, Model, Tensor, ops
from kitlib import layers as L

ELEMENTWISE = [
    (L.Add, L.add, lambda xs: xs[0] + xs[1] + xs[2]),
    (L.Multiply, L.multiply, lambda xs: xs[0] * xs[1] * xs[2]),
    (L.Average, L.average, lambda xs: (xs[0] + xs[1] + xs[2]) / 3),
    (L.Maximum, L.maximum, lambda xs: np.maximum(np.maximum(xs[0], xs[1]), xs[2])),
    (L.Minimum, L.minimum, lambda xs: np.minimum(np.minimum(xs[0], xs[1]), xs[2])),
]


@pytest.mark.parametrize("cls, function, reference", ELEMENTWISE,
                         ids=[c.__name__ for c, _, _ in ELEMENTWISE])  # fmt: skip
def test_elementwise_merges_match_numpy(cls, function, reference, rng):
    xs = list(rng.normal(size=(3, 2, 4)).astype("float32"))
    np.testing.assert_allclose(cls()(xs).numpy(), reference(xs), rtol=1e-6)
    inputs = [Input((4,)) for _ in range(3)]
    merged = function(inputs, name="merged")
    assert merged.shape == (None, 4)
    assert merged._keras_history.operation.name == "merged"
    model = Model(inputs, merged)
    np.testing.assert_allclose(model(xs).numpy(), reference(xs), rtol=1e-6)


def test_subtract_takes_exactly_two(rng):
    a, b = rng.normal(size=(2, 3, 2)).astype("float32")
    np.testing.assert_allclose(L.Subtract()([a, b]).numpy(), a - b)
    np.testing.assert_allclose(L.subtract([b, a]).numpy(), b - a)
    with pytest.raises(ValueError, match="exactly 2 tensors.*received 3 tensor"):
        L.Subtract()([a, b, a])


def test_merge_broadcasts_like_keras(rng):
    a = rng.normal(size=(2, 3)).astype("float32")
    b = rng.normal(size=(2, 1)).astype("float32")
    np.testing.assert_allclose(L.Add()([a, b]).numpy(), a + b)
    assert L.add([Input((3,)), Input((1,))]).shape == (None, 3)


def test_merge_needs_a_list_of_at_least_two():
    x = Input((3,))
    with pytest.raises(ValueError, match=r"a single tensor of shape \(None, 3\)"):
        L.Add()(x)
    with pytest.raises(ValueError, match="at least 2 tensors.*received 1 tensor"):
        L.Add()([x])
    with pytest.raises(ValueError, match=r"Call it on a list: Concatenate\(\)"):
        L.Concatenate()(x)


def test_merge_shape_mismatch_names_the_shapes():
    with pytest.raises(
        ValueError, match=r"Layer 'add' \(Add\).*\[\(None, 3\), \(None, 4\)\]"
    ):
        L.add([Input((3,)), Input((4,))])
    with pytest.raises(ValueError, match="or use Concatenate"):
        L.Multiply()([np.ones((2, 3)), np.ones((2, 4))])


def test_concatenate_values_and_axis(rng):
    a = rng.normal(size=(2, 3, 4)).astype("float32")
    b = rng.normal(size=(2, 5, 4)).astype("float32")
    np.testing.assert_array_equal(
        L.Concatenate(axis=1)([a, b]).numpy(), np.concatenate([a, b], axis=1)
    )
    assert L.concatenate([Input((3, 4)), Input((5, 4))], axis=1).shape == (None, 8, 4)
    assert L.concatenate([Input((2,)), Input((3,)), Input((1,))]).shape == (None, 6)
    assert L.concatenate([Input((None,)), Input((3,))]).shape == (None, None)


def test_concatenate_mismatch_names_shapes_and_axis():
    with pytest.raises(ValueError, match=r"\(None, 3, 4\), \(None, 5, 2\).*axis 2"):
        L.concatenate([Input((3, 4)), Input((5, 2))], axis=1)
    with pytest.raises(ValueError, match="same number of axes"):
        L.concatenate([Input((3,)), Input((3, 1))])
    with pytest.raises(ValueError, match="axis in \\[-2, 2\\)"):
        L.Concatenate(axis=3)([Input((3,)), Input((3,))])
    with pytest.raises(TypeError, match="axis to be an int"):
        L.Concatenate(axis="last")


def test_merge_gradients_reach_every_input():
    a = Tensor(np.array([[1.0, 2.0]], "float32"))
    b = Tensor(np.array([[3.0, 5.0]], "float32"))
    with GradientTape(persistent=True) as tape:
        tape.watch(a)
        tape.watch(b)
        product = ops.sum(L.Multiply()([a, b]))
        joined = ops.sum(L.Concatenate()([a, b]) * np.array([1, 2, 3, 4], "float32"))
    np.testing.assert_array_equal(tape.gradient(product, a).numpy(), b.numpy())
    np.testing.assert_array_equal(tape.gradient(joined, b).numpy(), [[3.0, 4.0]])


def test_merge_layers_have_no_weights_and_a_node_with_all_inputs():
    a, b = Input((2,)), Input((2,))
    out = L.Average()([a, b])
    layer = out._keras_history.operation
    assert layer.weights == [] and layer.count_params() == 0
    assert layer._inbound_nodes[0].input_tensors == [a, b]
