"""kitlib.regularizers: penalty values, gradients, layer.losses and the training loss."""

import numpy as np
import pytest

from kitlib import GradientTape, Input, Model, ops, regularizers
from kitlib.layers import LSTM, BatchNormalization, Conv2D, Dense, Embedding
from kitlib.regularizers import L1, L1L2, L2, l1_l2
from kitlib.tensor import Variable

W = np.array([[1.0, -2.0], [0.5, 0.0]])


@pytest.mark.parametrize(
    ("regularizer", "expected"),
    [
        (L1(0.1), 0.1 * 3.5),
        (L2(0.2), 0.2 * 5.25),
        (L1L2(l1=0.1, l2=0.2), 0.1 * 3.5 + 0.2 * 5.25),
        (l1_l2(), 0.01 * 3.5 + 0.01 * 5.25),
        (L1(), 0.01 * 3.5),
        (L2(), 0.01 * 5.25),
        (L1L2(), 0.0),
    ],
)
def test_penalty_values(regularizer, expected):
    assert float(regularizer(W)) == pytest.approx(expected)


def test_penalty_gradient():
    w = Variable(W, dtype="float64")
    with GradientTape() as tape:
        penalty = L1L2(l1=0.1, l2=0.2)(w)
    expected = 0.1 * np.sign(W) + 0.4 * W
    np.testing.assert_allclose(tape.gradient(penalty, w).numpy(), expected)


def test_get_by_name_and_config():
    assert isinstance(regularizers.get("l2"), L2)
    assert float(regularizers.get("l1")(W)) == pytest.approx(0.035)
    assert regularizers.get(None) is None
    rebuilt = regularizers.get(regularizers.serialize(L1L2(l1=0.3, l2=0.4)))
    assert (rebuilt.l1, rebuilt.l2) == (0.3, 0.4)
    with pytest.raises(ValueError, match="Unknown regularizer 'l3'"):
        regularizers.get("l3")


def test_negative_factor_is_rejected():
    with pytest.raises(ValueError, match="expects l2 >= 0"):
        L2(-0.1)


def test_weight_regularizers_are_added_to_layer_losses():
    dense = Dense(2, kernel_regularizer=L2(0.1), bias_regularizer=L1(0.5),
                  bias_initializer="ones", dtype="float64")  # fmt: skip
    dense(np.zeros((1, 3)))
    penalties = sorted(float(p) for p in dense.losses)
    expected = sorted([0.1 * np.sum(dense.kernel.numpy() ** 2), 0.5 * 2])
    np.testing.assert_allclose(penalties, expected)


@pytest.mark.parametrize(
    ("layer", "x", "weight"),
    [
        (Conv2D(2, 3, kernel_regularizer="l1"), np.zeros((1, 4, 4, 1)), "kernel"),
        (BatchNormalization(gamma_regularizer="l2"), np.zeros((2, 3)), "gamma"),
        (
            Embedding(5, 2, embeddings_regularizer="l2"),
            np.array([[1, 2]]),
            "embeddings",
        ),
        (LSTM(2, recurrent_regularizer="l2"), np.zeros((1, 3, 2)), "recurrent_kernel"),
    ],
)
def test_zoo_layers_report_their_weight_penalties(layer, x, weight):
    layer(x)
    (penalty,) = layer.losses
    (variable,) = [w for w in layer.weights if w.name == weight]
    expected = variable.regularizer(variable)
    assert float(penalty) == pytest.approx(float(expected))
    assert float(penalty) > 0


def test_model_losses_collect_every_layer_and_join_the_training_loss():
    inputs = Input(shape=(3,))
    hidden = Dense(4, kernel_regularizer=L2(0.5))(inputs)
    outputs = Dense(1, kernel_regularizer=L1(0.25))(hidden)
    model = Model(inputs, outputs)
    kernels = [layer.kernel.numpy() for layer in model.layers[1:]]
    expected = 0.5 * np.sum(kernels[0] ** 2) + 0.25 * np.sum(np.abs(kernels[1]))
    assert float(ops.sum(ops.stack(model.losses))) == pytest.approx(expected, rel=1e-5)
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.ones((2, 3), "float32"), np.zeros((2, 1), "float32")
    y_pred = model(x)
    mse = float(np.mean(y_pred.numpy() ** 2))
    total = float(model.compute_loss(x, y, y_pred))
    assert total == pytest.approx(mse + expected, rel=1e-5)
