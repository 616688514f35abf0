"""SGD: hand-computed steps and a 5-step trajectory vs a NumPy re-derivation."""

import numpy as np
import pytest

from kitlib import Variable
from kitlib.optimizers import SGD

GRADS = np.random.default_rng(0).normal(size=(5, 3))
START = np.array([0.5, -1.0, 2.0])


def reference_sgd(lr, momentum=0.0, nesterov=False, steps=5):
    """Keras 3's SGD, written out in float64."""
    w, velocity = START.copy(), np.zeros(3)
    for g in GRADS[:steps]:
        if momentum == 0:
            w = w - lr * g
            continue
        velocity = momentum * velocity - lr * g
        w = w + (momentum * velocity - lr * g if nesterov else velocity)
    return w


def run(optimizer, steps=5):
    w = Variable(START, name="w")
    for g in GRADS[:steps]:
        optimizer.apply_gradients(zip([g], [w], strict=False))
    return w.numpy()


def test_sgd_single_step_matches_hand_computation():
    w = Variable([1.0, 2.0])
    SGD(learning_rate=0.1).apply_gradients([(np.array([1.0, 1.0]), w)])
    np.testing.assert_allclose(w.numpy(), [0.9, 1.9], rtol=1e-6)


def test_sgd_momentum_two_steps_match_hand_computation():
    w = Variable([1.0])
    opt = SGD(learning_rate=0.1, momentum=0.9)
    opt.apply_gradients([(np.array([1.0]), w)])
    assert w.numpy()[0] == pytest.approx(0.9)
    opt.apply_gradients([(np.array([1.0]), w)])
    # velocity = 0.9 * -0.1 - 0.1 = -0.19
    assert w.numpy()[0] == pytest.approx(0.71)
    assert opt.get_slot(w, "momentum").numpy()[0] == pytest.approx(-0.19)


def test_sgd_nesterov_first_step_looks_ahead():
    w = Variable([1.0])
    SGD(learning_rate=0.1, momentum=0.9, nesterov=True).apply_gradients(
        [(np.array([1.0]), w)]
    )
    # velocity = -0.1; w = 1 + 0.9 * -0.1 - 0.1
    assert w.numpy()[0] == pytest.approx(0.81)


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"momentum": 0.9}, {"momentum": 0.5, "nesterov": True}],
    ids=["plain", "momentum", "nesterov"],
)
def test_sgd_five_step_trajectory_matches_reference(kwargs):
    got = run(SGD(learning_rate=0.05, **kwargs))
    np.testing.assert_allclose(got, reference_sgd(0.05, **kwargs), atol=1e-6)


def test_sgd_without_momentum_has_no_slots():
    opt = SGD()
    run(opt, steps=1)
    assert [v.name for v in opt.variables] == ["SGD_iteration", "SGD_learning_rate"]


def test_sgd_defaults_are_keras_defaults():
    opt = SGD()
    assert (opt.learning_rate, opt.momentum, opt.nesterov, opt.name) == (
        np.float32(0.01),
        0.0,
        False,
        "SGD",
    )


def test_sgd_rejects_momentum_outside_unit_interval():
    with pytest.raises(ValueError, match="momentum between 0 and 1"):
        SGD(momentum=1.5)


def test_sgd_config_round_trip():
    opt = SGD(learning_rate=0.2, momentum=0.8, nesterov=True, clipnorm=1.0)
    clone = SGD.from_config(opt.get_config())
    assert clone.get_config() == opt.get_config()
    assert clone.get_config()["learning_rate"] == 0.2
