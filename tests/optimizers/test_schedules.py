"""Learning-rate schedules: values vs hand computation, config round trips."""

import math

import numpy as np
import pytest

from kitlib import Variable
from kitlib.optimizers import SGD, get, schedules
from kitlib.optimizers.schedules import (
    CosineDecay,
    ExponentialDecay,
    LearningRateSchedule,
    PiecewiseConstantDecay,
)


def test_exponential_decay_smooth_and_staircase():
    smooth = ExponentialDecay(0.1, decay_steps=4, decay_rate=0.5)
    assert smooth(6) == pytest.approx(0.1 * 0.5**1.5)
    stairs = ExponentialDecay(0.1, decay_steps=4, decay_rate=0.5, staircase=True)
    assert [stairs(s) for s in (0, 3, 4, 7, 8)] == pytest.approx(
        [0.1, 0.1, 0.05, 0.05, 0.025]
    )


def test_piecewise_constant_decay_boundary_uses_earlier_value():
    schedule = PiecewiseConstantDecay([2, 5], [1.0, 0.5, 0.1])
    assert [schedule(s) for s in range(8)] == [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.1, 0.1]


def test_piecewise_constant_decay_validates_lengths_and_order():
    with pytest.raises(ValueError, match="one more value than boundaries"):
        PiecewiseConstantDecay([1, 2], [1.0, 0.5])
    with pytest.raises(ValueError, match="strictly increasing"):
        PiecewiseConstantDecay([5, 2], [1.0, 0.5, 0.1])


def test_cosine_decay_with_alpha_and_clamping():
    schedule = CosineDecay(2.0, decay_steps=8, alpha=0.25)
    for step in (0, 2, 8, 20):
        t = min(step, 8) / 8
        expected = 2.0 * (0.75 * 0.5 * (1 + math.cos(math.pi * t)) + 0.25)
        assert schedule(step) == pytest.approx(expected)


def test_cosine_decay_warmup_then_decay_from_target():
    schedule = CosineDecay(0.0, decay_steps=10, warmup_target=1.0, warmup_steps=5)
    assert [schedule(s) for s in (0, 1, 5)] == pytest.approx([0.0, 0.2, 1.0])
    assert schedule(10) == pytest.approx(0.5)  # half-way through the decay
    assert schedule(100) == pytest.approx(0.0)


def test_decay_steps_must_be_positive():
    with pytest.raises(ValueError, match="decay_steps > 0"):
        ExponentialDecay(0.1, 0, 0.9)
    with pytest.raises(ValueError, match="decay_steps > 0"):
        CosineDecay(0.1, -3)


@pytest.mark.parametrize(
    "schedule",
    [
        ExponentialDecay(0.1, 10, 0.9, staircase=True),
        PiecewiseConstantDecay([3], [0.1, 0.01]),
        CosineDecay(0.1, 100, alpha=0.1, warmup_target=0.2, warmup_steps=5),
    ],
    ids=lambda s: type(s).__name__,
)
def test_schedule_config_round_trip(schedule):
    clone = schedules.deserialize(schedules.serialize(schedule))
    assert type(clone) is type(schedule)
    assert clone.get_config() == schedule.get_config()
    assert [clone(s) for s in range(0, 30, 7)] == [schedule(s) for s in range(0, 30, 7)]


def test_deserialize_unknown_schedule_suggests_name():
    with pytest.raises(ValueError, match="Did you mean 'CosineDecay'"):
        schedules.deserialize({"class_name": "CosineDecai", "config": {}})


def test_optimizer_evaluates_schedule_at_iterations():
    schedule = PiecewiseConstantDecay([1], [1.0, 0.1])
    opt = SGD(learning_rate=schedule)
    w = Variable([0.0])
    rates = []
    for _ in range(3):
        rates.append(float(opt.learning_rate))
        opt.apply_gradients([(np.array([1.0]), w)])
    # steps 0 and 1 use 1.0 (step <= boundary), step 2 uses 0.1
    assert rates == pytest.approx([1.0, 1.0, 0.1])
    assert w.numpy()[0] == pytest.approx(-2.1)


def test_optimizer_with_schedule_config_round_trip():
    opt = SGD(learning_rate=ExponentialDecay(0.1, 10, 0.5))
    config = {"class_name": "SGD", "config": opt.get_config()}
    clone = get(config)
    assert isinstance(clone._learning_rate, ExponentialDecay)
    assert clone.get_config() == opt.get_config()


def test_optimizer_with_schedule_refuses_numeric_learning_rate():
    opt = SGD(learning_rate=ExponentialDecay(0.1, 10, 0.5))
    with pytest.raises(TypeError, match="created with a LearningRateSchedule"):
        opt.learning_rate = 0.01


def test_custom_schedule_must_implement_call():
    class Broken(LearningRateSchedule):
        pass

    with pytest.raises(NotImplementedError, match="must override __call__"):
        SGD(learning_rate=Broken()).learning_rate  # noqa: B018
