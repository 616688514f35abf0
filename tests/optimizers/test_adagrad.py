"""Adagrad: a hand-computed step and a 5-step trajectory vs NumPy."""

import numpy as np
import pytest

from kitlib import Variable
from kitlib.optimizers import Adagrad

GRADS = np.random.default_rng(3).normal(size=(5, 2))


def test_adagrad_single_step_matches_hand_computation():
    w = Variable([1.0])
    Adagrad(learning_rate=0.1).apply_gradients([(np.array([0.3]), w)])
    # accumulator = 0.1 + 0.09
    assert w.numpy()[0] == pytest.approx(1 - 0.03 / np.sqrt(0.19 + 1e-7), abs=1e-6)


def test_adagrad_five_step_trajectory_matches_reference():
    w = Variable([0.5, -0.5])
    opt = Adagrad(learning_rate=0.05, initial_accumulator_value=0.2, epsilon=1e-6)
    expected, accumulator = np.array([0.5, -0.5]), np.full(2, 0.2)
    for g in GRADS:
        opt.apply_gradients([(g, w)])
        accumulator = accumulator + g * g
        expected = expected - 0.05 * g / np.sqrt(accumulator + 1e-6)
    np.testing.assert_allclose(w.numpy(), expected, atol=1e-6)
    np.testing.assert_allclose(
        opt.get_slot(w, "accumulator").numpy(), accumulator, rtol=1e-6
    )


def test_adagrad_defaults_validation_and_config_round_trip():
    opt = Adagrad()
    assert (opt.initial_accumulator_value, opt.epsilon) == (0.1, 1e-7)
    with pytest.raises(ValueError, match="initial_accumulator_value >= 0"):
        Adagrad(initial_accumulator_value=-1.0)
    tuned = Adagrad(learning_rate=0.5, initial_accumulator_value=0.0, clipvalue=1.0)
    assert Adagrad.from_config(tuned.get_config()).get_config() == tuned.get_config()
