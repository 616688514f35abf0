"""Every layer of the zoo, gradient-checked in training and in inference mode.

One case per layer (small float64 inputs, away from kinks and ties); the
per-layer files add the option-by-option checks. A meta-test makes sure a new
layer in these packages cannot skip this file.
"""

import numpy as np
import pytest

from kitlib import layers
from kitlib.layers import activation as activation_layers
from kitlib.layers import (
    convolutional,
    normalization,
    pooling,
    recurrent,
    regularization,
)
from tests.layers.zoo_checks import check_layer_gradients

_rng = np.random.default_rng(42)


def r(*shape):
    """Random values in +-(0.1, 2): never at relu's kink, no ties for max."""
    magnitude = _rng.uniform(0.1, 2.0, size=shape)
    return magnitude * _rng.choice([-1.0, 1.0], size=shape)


def distinct(*shape):
    return _rng.permutation(int(np.prod(shape))).reshape(shape) / 10.0 - 1.0


RNN = {"bias_initializer": "random_normal", "return_sequences": True}

CASES = {
    "Conv2D": (
        lambda: layers.Conv2D(2, 2, bias_initializer="random_normal"),
        r(2, 3, 4, 2),
    ),
    "Conv1D": (lambda: layers.Conv1D(2, 2, padding="causal"), r(2, 4, 3)),
    "UpSampling2D": (lambda: layers.UpSampling2D(2), r(1, 2, 2, 2)),
    "ZeroPadding2D": (lambda: layers.ZeroPadding2D(1), r(1, 2, 2, 2)),
    "MaxPooling2D": (
        lambda: layers.MaxPooling2D(2, padding="same"),
        distinct(2, 3, 3, 2),
    ),
    "AveragePooling2D": (lambda: layers.AveragePooling2D(2, strides=1), r(2, 3, 3, 2)),
    "GlobalAveragePooling2D": (lambda: layers.GlobalAveragePooling2D(), r(2, 2, 3, 2)),
    "GlobalMaxPooling2D": (lambda: layers.GlobalMaxPooling2D(), distinct(2, 2, 3, 2)),
    "BatchNormalization": (lambda: layers.BatchNormalization(), r(4, 3)),
    "LayerNormalization": (lambda: layers.LayerNormalization(), r(3, 4)),
    "ReLU": (lambda: layers.ReLU(max_value=1.0, negative_slope=0.1), r(3, 4)),
    "LeakyReLU": (lambda: layers.LeakyReLU(), r(3, 4)),
    "PReLU": (lambda: layers.PReLU(alpha_initializer="random_normal"), r(3, 4)),
    "ELU": (lambda: layers.ELU(), r(3, 4)),
    "Softmax": (lambda: layers.Softmax(), r(3, 4)),
    "SpatialDropout2D": (lambda: layers.SpatialDropout2D(0.5), r(2, 2, 2, 3)),
    "GaussianNoise": (lambda: layers.GaussianNoise(0.5), r(3, 4)),
    "ActivityRegularization": (
        lambda: layers.ActivityRegularization(0.1, 0.1),
        r(3, 4),
    ),
    "Embedding": (lambda: layers.Embedding(5, 3), np.array([[0, 4, 2], [1, 1, 3]])),
    "Masking": (lambda: layers.Masking(), r(2, 3, 2)),
    "SimpleRNN": (lambda: layers.SimpleRNN(3, **RNN), r(2, 3, 2)),
    "LSTM": (lambda: layers.LSTM(2, dropout=0.3, **RNN), r(2, 3, 2)),
    "GRU": (lambda: layers.GRU(2, recurrent_dropout=0.3, **RNN), r(2, 3, 2)),
    "Bidirectional": (lambda: layers.Bidirectional(layers.GRU(2, **RNN)), r(2, 3, 2)),
    "TimeDistributed": (lambda: layers.TimeDistributed(layers.Dense(2)), r(2, 3, 2)),
}
# Not layers on their own (bases, cells, aliases): covered through the layers above.
NOT_CASES = {
    "Pooling2D", "RNN", "SimpleRNNCell", "LSTMCell", "GRUCell", "Convolution2D",
    "MaxPool2D", "AvgPool2D", "GlobalAvgPool2D", "GlobalMaxPool2D",
}  # fmt: skip


def _as_float64(layer):
    """Rebuild ``layer`` (and wrapped layers) with float64 weights."""
    config = {**layer.get_config(), "dtype": "float64"}
    for key in ("layer", "backward_layer"):
        if key in config:
            config[key]["config"]["dtype"] = "float64"
    return type(layer).from_config(config)


@pytest.mark.parametrize("training", [True, False], ids=["training", "inference"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_layer_gradients(name, training):
    make, x = CASES[name]
    check_layer_gradients(_as_float64(make()), x, training=training, seed=0)


def test_every_zoo_layer_has_a_gradient_case():
    packages = [convolutional, pooling, normalization, activation_layers,
                regularization, recurrent]  # fmt: skip
    exported = {name for package in packages for name in package.__all__}
    exported |= {"Embedding", "Masking"}
    missing = exported - set(CASES) - NOT_CASES
    assert not missing, f"add gradient cases for {sorted(missing)}"
