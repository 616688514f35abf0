"""Gradient-check cases for the kernel-backed nn ops (activations, conv, pooling...).

Same format as ``cases_math.py`` (read by ``test_gradients.py``): ``NN_CASES``
maps a registered op name to ``[(fn, [arrays]), ...]``; float arrays are
checked in float64, integer arrays (labels, indices) are passed through.

Inputs avoid kinks and ties: random values (never exactly 0 for relu, no two
equal values in a max-pool window), odd sizes, batch 1, non-square images,
stride 2, ``"same"`` padding with even kernels, dilation. Random ops use a
fixed ``seed`` so every finite-difference evaluation sees the same mask.
"""

import numpy as np

from kitlib import ops

_rng = np.random.default_rng(7)


def r(*shape: int) -> np.ndarray:
    """Random float64 values in (-2, 2)."""
    return _rng.uniform(-2.0, 2.0, size=shape)


def pos(*shape: int) -> np.ndarray:
    """Random float64 values in (0.5, 2), for variances and probabilities."""
    return _rng.uniform(0.5, 2.0, size=shape)


def _bn_train(axis: int = -1):
    def fn(x, offset, scale):
        return ops.batch_normalization_training(x, axis, offset, scale)[0]

    return fn


NN_CASES = {
    # --- activations --------------------------------------------------------
    "relu": [(ops.relu, [r(3, 5)])],
    "bias_activation": [
        (lambda x, b: ops.bias_activation(x, b, "relu"), [r(3, 5), r(5)]),
        (ops.bias_activation, [r(2, 3, 4), r(4)]),
    ],
    "leaky_relu": [
        (ops.leaky_relu, [r(2, 7)]),
        (lambda x: ops.leaky_relu(x, negative_slope=0.01), [r(5)]),
    ],
    "elu": [(ops.elu, [r(4, 3)]), (lambda x: ops.elu(x, alpha=0.5), [r(6)])],
    "sigmoid": [(ops.sigmoid, [r(3, 4) * 3])],
    "tanh": [(ops.tanh, [r(2, 3, 2)])],
    "softmax": [
        (ops.softmax, [r(3, 5)]),
        (lambda x: ops.softmax(x, axis=0), [r(4, 2)]),
    ],
    "log_softmax": [
        (ops.log_softmax, [r(2, 4)]),
        (lambda x: ops.log_softmax(x, axis=1), [r(2, 3, 2)]),
    ],
    # --- convolution: kernel (kh, kw, in, out) ------------------------------
    "conv2d": [
        (ops.conv2d, [r(2, 5, 4, 2), r(3, 3, 2, 3)]),
        (
            lambda x, k: ops.conv2d(x, k, strides=2, padding="same"),
            [r(1, 5, 6, 2), r(4, 2, 2, 3)],
        ),
        (
            lambda x, k: ops.conv2d(x, k, padding="same", dilation_rate=(2, 1)),
            [r(1, 6, 3, 1), r(2, 3, 1, 2)],
        ),
    ],
    # --- pooling --------------------------------------------------------------
    "max_pool2d": [
        (lambda x: ops.max_pool2d(x, 2), [r(2, 4, 5, 3)]),
        (lambda x: ops.max_pool2d(x, 3, strides=2, padding="same"), [r(1, 5, 4, 2)]),
    ],
    "avg_pool2d": [
        (lambda x: ops.avg_pool2d(x, (2, 3)), [r(2, 4, 6, 2)]),
        (lambda x: ops.avg_pool2d(x, 2, strides=1, padding="same"), [r(1, 3, 4, 2)]),
    ],
    # --- batch normalization: (x, mean, variance, offset, scale) -------------
    "batch_normalization": [
        (
            lambda x, m, v, b, g: ops.batch_normalization(x, m, v, -1, b, g),
            [r(4, 3), r(3), pos(3), r(3), r(3)],
        ),
        (
            lambda x, m, v: ops.batch_normalization(x, m, v, axis=1, epsilon=0.01),
            [r(2, 3, 2), r(3), pos(3)],
        ),
    ],
    "batch_normalization_training": [
        (_bn_train(), [r(2, 3, 2, 3), r(3), r(3)]),
        (_bn_train(axis=1), [r(3, 2, 4), r(2), r(2)]),
    ],
    # --- losses and the rest ----------------------------------------------------
    "softmax_cross_entropy": [
        (ops.softmax_cross_entropy, [pos(3, 4), r(3, 4)]),
        (ops.softmax_cross_entropy, [pos(2, 2, 3), r(2, 2, 3)]),
    ],
    "sparse_softmax_cross_entropy": [
        (ops.sparse_softmax_cross_entropy, [np.array([0, 3, 1]), r(3, 4)]),
        (ops.sparse_softmax_cross_entropy, [np.array([[2], [0]]), r(2, 3)]),
    ],
    "dropout": [
        (lambda x: ops.dropout(x, 0.4, seed=3), [r(3, 5)]),
        (lambda x: ops.dropout(x, 0.5, noise_shape=(1, 4), seed=1), [r(3, 4)]),
    ],
    "embedding_lookup": [
        (ops.embedding_lookup, [r(5, 3), np.array([[4, 0, 4], [1, 2, 0]])]),
    ],
}
