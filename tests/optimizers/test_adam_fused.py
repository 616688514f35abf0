"""Adam's fused kernel path gives the NumPy rule's numbers exactly (float32)."""

import math

import numpy as np

from kitlib import Variable
from kitlib.optimizers import Adam


def test_fused_adam_equals_the_numpy_rule_bit_for_bit(rng):
    start = rng.standard_normal((3, 4)).astype(np.float32)
    grads = [rng.standard_normal((3, 4)).astype(np.float32) for _ in range(4)]
    variable = Variable(start)
    optimizer = Adam(learning_rate=0.01)
    for gradient in grads:
        optimizer.apply_gradients([(gradient, variable)])
    w, m, v = start.copy(), np.zeros_like(start), np.zeros_like(start)
    for step, g in enumerate(grads, start=1):
        correction = math.sqrt(1 - 0.999**step) / (1 - 0.9**step)
        alpha = np.asarray(correction, np.float32) * np.float32(0.01)
        m = m + (g - m) * (1 - 0.9)
        v = v + (np.square(g) - v) * (1 - 0.999)
        w = w - m * alpha / (np.sqrt(v) + 1e-7)
    np.testing.assert_array_equal(variable.numpy(), w)
    np.testing.assert_array_equal(optimizer.get_slot(variable, "momentum").numpy(), m)


def test_float16_variables_take_the_numpy_path(rng):
    variable = Variable(np.ones(3, np.float16), dtype="float16")
    Adam(learning_rate=0.1).apply_gradients([(np.full(3, 0.5, np.float16), variable)])
    assert variable.dtype == "float16"
    np.testing.assert_allclose(variable.numpy(), 0.9, atol=1e-3)
