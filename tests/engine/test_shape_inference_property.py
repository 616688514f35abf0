"""Property: for random stacks of core layers, symbolic shapes equal eager shapes."""

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kitlib import Input, Model
from kitlib.layers import Activation, Dense, Dropout, Flatten, Identity, Lambda, Reshape
from kitlib.utils.naming import reset_names


def _reshape_target(data, shape):
    """A valid Reshape target for samples of ``shape`` (one axis may be -1)."""
    total = math.prod(shape)
    first = data.draw(
        st.sampled_from([d for d in range(1, total + 1) if total % d == 0])
    )
    return data.draw(st.sampled_from([(-1,), (first, -1), (first, total // first)]))


def _next_layer(data, shape):
    """Draw one layer that accepts samples of ``shape``; return it and its output."""
    kind = data.draw(
        st.sampled_from(
            [
                "dense",
                "activation",
                "flatten",
                "reshape",
                "dropout",
                "identity",
                "lambda",
            ]
        )
    )
    if kind == "dense":
        units = data.draw(st.integers(1, 5))
        layer = Dense(
            units, activation=data.draw(st.sampled_from([None, "relu", "tanh"]))
        )
        return layer, (*shape[:-1], units)
    if kind == "activation":
        return Activation(
            data.draw(st.sampled_from(["relu", "sigmoid", "softmax"]))
        ), shape
    if kind == "flatten":
        return Flatten(), (math.prod(shape),)
    if kind == "reshape":
        target = _reshape_target(data, shape)
        inferred = math.prod(shape) // math.prod(d for d in target if d != -1)
        return Reshape(target), tuple(inferred if d == -1 else d for d in target)
    if kind == "dropout":
        return Dropout(data.draw(st.sampled_from([0.0, 0.3, 0.5]))), shape
    if kind == "lambda":
        return Lambda(lambda x: x * 2.0 - 1.0), shape
    return Identity(), shape


@settings(max_examples=25, deadline=None, derandomize=True)
@given(data=st.data())
def test_symbolic_shape_equals_eager_shape_for_random_stacks(data):
    reset_names()
    sample_shape = tuple(data.draw(st.lists(st.integers(1, 4), min_size=1, max_size=3)))
    batch = data.draw(st.integers(1, 3))
    x = Input(sample_shape)
    symbolic, shape, stack = x, sample_shape, []
    for _ in range(data.draw(st.integers(1, 5))):
        layer, shape = _next_layer(data, shape)
        stack.append(layer)
        symbolic = layer(symbolic)
        assert symbolic.shape == (None, *shape)  # the independent expectation
    values = np.random.default_rng(0).normal(size=(batch, *sample_shape))
    eager = values.astype("float32")
    for layer in stack:
        eager = layer(eager)
        assert layer.compute_output_shape((batch, *eager.shape[1:])) == eager.shape
    assert eager.shape == (batch, *symbolic.shape[1:])
    # The model replays the same layers on data: same values as calling them.
    np.testing.assert_allclose(Model(x, symbolic)(values).numpy(), eager.numpy(), 1e-5)
