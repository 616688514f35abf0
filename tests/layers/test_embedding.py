"""Embedding: table layout, lookups, mask_zero, sparse gradient, errors."""

import numpy as np
import pytest

from kitlib import GradientTape, Input, Model, ops
from kitlib.layers import LSTM, Embedding
from tests.layers.zoo_checks import check_layer_gradients, float64


def test_embedding_table_shape_and_uniform_default():
    layer = Embedding(1000, 16)
    y = layer(np.array([[1, 2, 3]]))
    assert [(w.name, w.shape) for w in layer.weights] == [("embeddings", (1000, 16))]
    assert y.shape == (1, 3, 16)
    assert np.abs(layer.embeddings.numpy()).max() <= 0.05
    assert layer.get_config()["embeddings_initializer"]["class_name"] == "RandomUniform"


def test_embedding_looks_up_rows(rng):
    layer = float64(Embedding, 6, 3)
    ids = rng.integers(0, 6, size=(2, 4, 5))
    y = layer(ids).numpy()
    np.testing.assert_array_equal(y, layer.embeddings.numpy()[ids])


def test_embedding_gradient_reaches_only_used_rows():
    layer = float64(Embedding, 5, 2)
    ids = np.array([[1, 3, 1]])
    with GradientTape() as tape:
        loss = ops.sum(layer(ids))
    grad = tape.gradient(loss, layer.embeddings).numpy()
    np.testing.assert_array_equal(grad, [[0, 0], [2, 2], [0, 0], [1, 1], [0, 0]])
    check_layer_gradients(layer, ids)


def test_embedding_mask_zero_marks_padding():
    layer = Embedding(10, 4, mask_zero=True)
    y = layer(np.array([[5, 2, 0, 0], [1, 0, 0, 0]]))
    assert y._keras_mask.numpy().tolist() == [
        [True, True, False, False], [True, False, False, False],
    ]  # fmt: skip
    assert getattr(Embedding(10, 4)(np.array([[0, 1]])), "_keras_mask", None) is None


def test_embedding_mask_reaches_the_lstm_in_a_functional_model(rng):
    ids = Input(shape=(4,), dtype="int64")
    hidden = Embedding(8, 3, mask_zero=True)(ids)
    outputs = LSTM(2)(hidden)
    model = Model(ids, outputs)
    padded = np.array([[3, 5, 0, 0]])
    trimmed_model_output = model(np.array([[3, 5, 0, 0]])).numpy()
    # The last output with padding equals the output after the real steps only.
    embedding, lstm = model.layers[1], model.layers[2]
    short = lstm(embedding(np.array([[3, 5]]))).numpy()
    np.testing.assert_allclose(trimmed_model_output, short, rtol=1e-6)
    assert model(padded).shape == (1, 2)


def test_embedding_symbolic_shape():
    assert Embedding(10, 4)(Input(shape=(7,), dtype="int64")).shape == (None, 7, 4)


def test_embedding_errors():
    with pytest.raises(ValueError, match="input_dim to be a positive integer"):
        Embedding(0, 3)
    with pytest.raises(ValueError, match="output_dim to be a positive integer"):
        Embedding(5, -1)
    with pytest.raises(
        ValueError,
        match=r"\(Embedding\) has a vocabulary of input_dim=5.*received id 5",
    ):
        Embedding(5, 2)(np.array([[1, 5]]))


def test_embedding_accepts_and_ignores_keras2_input_length():
    with pytest.warns(UserWarning, match="input_length"):
        layer = Embedding(5, 2, input_length=3)
    assert layer(np.array([[1, 2, 3, 4]])).shape == (1, 4, 2)
