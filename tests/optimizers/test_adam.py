"""Adam and AdamW: hand-computed steps and 5-step trajectories vs NumPy."""

import math

import numpy as np
import pytest

from kitlib import Variable
from kitlib.optimizers import Adam, AdamW

GRADS = np.random.default_rng(1).normal(size=(5, 4))
START = np.array([0.3, -0.7, 1.5, 0.0])


def reference_adam(lr, beta_1=0.9, beta_2=0.999, eps=1e-7, amsgrad=False, wd=None):
    """Keras 3's Adam (bias correction folded into the step size), in float64."""
    w, m, v, v_hat = START.copy(), np.zeros(4), np.zeros(4), np.zeros(4)
    for t, g in enumerate(GRADS, start=1):
        if wd is not None:
            w = w - w * wd * lr  # decoupled decay, before the Adam step
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g * g
        v_hat = np.maximum(v_hat, v)
        denom = np.sqrt(v_hat if amsgrad else v) + eps
        w = w - lr * math.sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / denom
    return w


def run(optimizer):
    w = Variable(START, name="w")
    for g in GRADS:
        optimizer.apply_gradients([(g, w)])
    return w.numpy()


def test_adam_single_step_matches_hand_computation():
    w = Variable([1.0])
    Adam(learning_rate=0.1).apply_gradients([(np.array([0.5]), w)])
    # m = 0.05, v = 0.00025, alpha = 0.1 * sqrt(0.001) / 0.1
    expected = 1.0 - math.sqrt(0.001) * 0.05 / (math.sqrt(0.00025) + 1e-7)
    assert w.numpy()[0] == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("amsgrad", [False, True])
def test_adam_five_step_trajectory_matches_reference(amsgrad):
    got = run(Adam(learning_rate=0.01, amsgrad=amsgrad))
    np.testing.assert_allclose(got, reference_adam(0.01, amsgrad=amsgrad), atol=1e-6)


def test_adam_custom_betas_match_reference():
    got = run(Adam(learning_rate=0.02, beta_1=0.5, beta_2=0.9, epsilon=1e-3))
    expected = reference_adam(0.02, beta_1=0.5, beta_2=0.9, eps=1e-3)
    np.testing.assert_allclose(got, expected, atol=1e-6)


def test_adamw_five_step_trajectory_matches_reference():
    got = run(AdamW(learning_rate=0.01, weight_decay=0.1))
    np.testing.assert_allclose(got, reference_adam(0.01, wd=0.1), atol=1e-6)


def test_adamw_defaults_and_none_weight_decay_error():
    opt = AdamW()
    assert (opt.weight_decay, opt.name, opt.epsilon) == (0.004, "adamw", 1e-7)
    with pytest.raises(ValueError, match="weight_decay to be a float"):
        AdamW(weight_decay=None)


def test_adam_defaults_are_keras_defaults():
    opt = Adam()
    assert (opt.beta_1, opt.beta_2, opt.epsilon, opt.amsgrad) == (
        0.9,
        0.999,
        1e-7,
        False,
    )
    assert opt.learning_rate == np.float32(0.001)


def test_adam_creates_slots_per_variable_lazily():
    opt = Adam(amsgrad=True)
    a, b = Variable([1.0], name="a"), Variable([[1.0, 2.0]], name="b")
    opt.apply_gradients([(np.ones(1), a)])
    assert [v.name for v in opt.variables][2:] == [
        "a_momentum",
        "a_velocity",
        "a_velocity_hat",
    ]
    opt.apply_gradients([(np.ones(1), a), (np.ones((1, 2)), b)])
    assert opt.get_slot(b, "velocity").shape == (1, 2)
    assert int(opt.iterations) == 2


@pytest.mark.parametrize("cls", [Adam, AdamW])
def test_adam_config_round_trip(cls):
    opt = cls(learning_rate=0.003, beta_1=0.8, amsgrad=True, global_clipnorm=2.0)
    clone = cls.from_config(opt.get_config())
    assert clone.get_config() == opt.get_config()
