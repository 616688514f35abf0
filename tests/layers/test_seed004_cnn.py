"""Seed 004's CNN, built with Sequential (two ways) and functionally: Keras's numbers.

Keras's summary, computed by hand:

=====================  =====================  ====================================
layer                  output shape           parameters
=====================  =====================  ====================================
Convolution2D(512)     (None, 28, 28, 512)    3*3*1*512 + 512 = 5,120
MaxPooling2D((2, 2))   (None, 14, 14, 512)    0
Flatten                (None, 100352)         0   (14 * 14 * 512 = 100,352)
Dense(10, relu)        (None, 10)             100,352 * 10 + 10 = 1,003,530
Dropout(0.5)           (None, 10)             0
=====================  =====================  ====================================
Total: 1,008,650 parameters.
"""

import numpy as np

from kitlib import Input, Model
from kitlib.layers import Convolution2D, Dense, Dropout, Flatten, MaxPooling2D
from kitlib.models import Sequential

KERAS_SHAPES = [
    (None, 28, 28, 512),
    (None, 14, 14, 512),
    (None, 100352),
    (None, 10),
    (None, 10),
]
KERAS_PARAMS = [5120, 0, 0, 1003530, 0]


def seed004_layers(**first_kwargs):
    return [
        Convolution2D(512, kernel_size=(3, 3), activation="relu", padding="same",
                      **first_kwargs),
        MaxPooling2D((2, 2), strides=(2, 2)),
        Flatten(),
        Dense(10, activation="relu"),
        Dropout(0.5),
    ]  # fmt: skip


def check_keras_numbers(model, layers):
    assert [layer.output.shape for layer in layers] == KERAS_SHAPES
    assert [layer.count_params() for layer in layers] == KERAS_PARAMS
    assert model.count_params() == 1008650
    x = np.random.default_rng(0).random((2, 28, 28, 1)).astype("float32")
    y = model(x).numpy()
    assert y.shape == (2, 10) and (y >= 0).all()  # relu, inference: no dropout


def test_seed004_sequential_with_add():
    model = Sequential()
    layers = seed004_layers(input_shape=(28, 28, 1))
    for layer in layers:
        model.add(layer)
    check_keras_numbers(model, layers)


def test_seed004_sequential_from_a_list():
    layers = seed004_layers(input_shape=(28, 28, 1))
    check_keras_numbers(Sequential(layers), layers)


def test_seed004_functional():
    input1 = Input(shape=(28, 28, 1))
    layers = seed004_layers()
    tensor = input1
    for layer in layers:
        tensor = layer(tensor)
    model = Model(input1, tensor)
    check_keras_numbers(model, layers)
    assert [layer.name for layer in model.layers[1:]] == [
        "conv2d", "max_pooling2d", "flatten", "dense", "dropout",
    ]  # fmt: skip


def test_seed004_summary_prints_keras_rows(capsys):
    Sequential(seed004_layers(input_shape=(28, 28, 1))).summary()
    text = capsys.readouterr().out
    for row in (
        "conv2d (Conv2D)              (None, 28, 28, 512)       5,120",
        "max_pooling2d (MaxPooling2D) (None, 14, 14, 512)       0",
        "flatten (Flatten)            (None, 100352)            0",
        "dense (Dense)                (None, 10)                1,003,530",
        "Total params: 1,008,650",
    ):
        assert row in text
