"""Gradient clipping: the formulas, and 5-step trajectories with clipping on."""

import numpy as np
import pytest

from kitlib import Tensor, Variable
from kitlib.optimizers import SGD, Adam
from kitlib.optimizers.clipping import clip_by_global_norm, clip_by_norm

RNG = np.random.default_rng(4)
GRADS_A = RNG.normal(scale=3.0, size=(5, 3))
GRADS_B = RNG.normal(scale=3.0, size=(5, 2, 2))


def ref_clipnorm(g, c):
    norm = np.sqrt((g**2).sum())
    return g if norm <= c else g * c / norm


def ref_global(gs, c):
    norm = np.sqrt(sum((g**2).sum() for g in gs))
    return gs if norm <= c else [g * c / norm for g in gs]


def sgd_momentum_reference(clip):
    """SGD(lr=0.1, momentum=0.9) on two variables, with ``clip`` on the grads."""
    weights = [np.zeros(3), np.ones((2, 2))]
    velocities = [np.zeros(3), np.zeros((2, 2))]
    for ga, gb in zip(GRADS_A, GRADS_B, strict=False):
        grads = clip([ga, gb])
        for i, g in enumerate(grads):
            velocities[i] = 0.9 * velocities[i] - 0.1 * g
            weights[i] = weights[i] + velocities[i]
    return weights


def run(optimizer):
    a, b = Variable(np.zeros(3), name="a"), Variable(np.ones((2, 2)), name="b")
    for ga, gb in zip(GRADS_A, GRADS_B, strict=False):
        optimizer.apply_gradients(zip([Tensor(ga), gb], [a, b], strict=False))
    return [a.numpy(), b.numpy()]


@pytest.mark.parametrize(
    ("kwargs", "clip"),
    [
        ({"clipnorm": 1.5}, lambda gs: [ref_clipnorm(g, 1.5) for g in gs]),
        ({"clipvalue": 0.5}, lambda gs: [np.clip(g, -0.5, 0.5) for g in gs]),
        ({"global_clipnorm": 2.0}, lambda gs: ref_global(gs, 2.0)),
    ],
    ids=["clipnorm", "clipvalue", "global_clipnorm"],
)
def test_clipping_five_step_trajectory_matches_reference(kwargs, clip):
    got = run(SGD(learning_rate=0.1, momentum=0.9, **kwargs))
    for g, e in zip(got, sgd_momentum_reference(clip), strict=False):
        np.testing.assert_allclose(g, e, atol=1e-6)


def test_clipnorm_with_adam_first_step_is_unchanged_by_gradient_scale():
    # Adam's first step is about lr * sign(g) whatever the scale, clipped or not.
    w = Variable([0.0, 0.0])
    Adam(learning_rate=0.1, clipnorm=1.0).apply_gradients([([30.0, -40.0], w)])
    np.testing.assert_allclose(w.numpy(), [-0.1, 0.1], atol=1e-5)


def test_clip_by_norm_leaves_small_gradients_alone():
    g = np.array([0.3, 0.4], dtype=np.float32)
    np.testing.assert_array_equal(clip_by_norm(g, 1.0), g)
    np.testing.assert_allclose(clip_by_norm(g * 10, 1.0), [0.6, 0.8], rtol=1e-6)


def test_global_clipnorm_keeps_relative_sizes_and_turns_inf_into_nan():
    out = clip_by_global_norm([np.array([6.0]), np.array([8.0])], 5.0)
    np.testing.assert_allclose([o[0] for o in out], [3.0, 4.0])
    bad = clip_by_global_norm([np.array([np.inf]), np.array([1.0])], 5.0)
    assert all(np.isnan(b).all() for b in bad)


def test_optimizer_rejects_two_clipping_modes():
    with pytest.raises(ValueError, match="only one of clipnorm, clipvalue"):
        SGD(clipnorm=1.0, clipvalue=0.5)
    with pytest.raises(ValueError, match="clipnorm >= 0"):
        SGD(clipnorm=-1.0)
