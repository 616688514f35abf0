"""RMSprop: the Keras docstring example and 5-step trajectories vs NumPy."""

import numpy as np
import pytest

from kitlib import Variable
from kitlib.optimizers import RMSprop

GRADS = np.random.default_rng(2).normal(size=(5, 3))
START = np.array([1.0, -2.0, 0.25])


def reference_rmsprop(lr, rho=0.9, momentum=0.0, eps=1e-7, centered=False):
    w, v, avg, mom = START.copy(), np.zeros(3), np.zeros(3), np.zeros(3)
    for g in GRADS:
        v = rho * v + (1 - rho) * g * g
        avg = rho * avg + (1 - rho) * g
        denominator = v - avg * avg + eps if centered else v + eps
        increment = lr * g / np.sqrt(denominator)
        mom = momentum * mom + increment
        w = w - (mom if momentum > 0 else increment)
    return w


def test_rmsprop_single_step_matches_keras_docstring_example():
    w = Variable(10.0)
    # loss = w**2 / 2, so the gradient is w itself.
    RMSprop(learning_rate=0.1).apply_gradients([(w.numpy(), w)])
    assert float(w.numpy()) == pytest.approx(9.683772, abs=1e-6)


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"momentum": 0.9}, {"centered": True}, {"centered": True, "momentum": 0.5}],
    ids=["plain", "momentum", "centered", "centered_momentum"],
)
def test_rmsprop_five_step_trajectory_matches_reference(kwargs):
    w = Variable(START)
    opt = RMSprop(learning_rate=0.01, **kwargs)
    for g in GRADS:
        opt.apply_gradients([(g, w)])
    np.testing.assert_allclose(w.numpy(), reference_rmsprop(0.01, **kwargs), atol=1e-6)


def test_rmsprop_defaults_and_config_round_trip():
    opt = RMSprop()
    assert (opt.rho, opt.momentum, opt.epsilon, opt.centered, opt.name) == (
        0.9,
        0.0,
        1e-7,
        False,
        "rmsprop",
    )
    tuned = RMSprop(learning_rate=0.01, rho=0.8, momentum=0.3, centered=True)
    assert RMSprop.from_config(tuned.get_config()).get_config() == tuned.get_config()
