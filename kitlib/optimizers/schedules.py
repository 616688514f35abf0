"""Learning-rate schedules: the learning rate as a function of the optimizer step.

Notebook: ``notebooks/08_gradient_tape.ipynb``.

Pass a schedule as ``learning_rate`` to any optimizer; the optimizer calls
``schedule(optimizer.iterations)`` before every update, so the rate changes per
*batch* (step), not per epoch. For a per-epoch rule use the
``LearningRateScheduler`` callback instead.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from kitlib.utils.errors import did_you_mean


def _step_value(step: Any) -> float:
    # ``step`` may be an int, a 0-d array or the optimizer's iterations Variable.
    return float(np.asarray(getattr(step, "value", step)))


class LearningRateSchedule:
    """Base class of learning-rate schedules: subclasses implement ``__call__(step)``.

    A subclass also implements ``get_config()`` (its constructor arguments) so an
    optimizer that uses it can be saved and rebuilt.

    Example:
        >>> class Halving(LearningRateSchedule):
        ...     def __init__(self, initial):
        ...         self.initial = initial
        ...     def __call__(self, step):
        ...         return self.initial / 2 ** int(step)
        ...     def get_config(self):
        ...         return {"initial": self.initial}
        >>> Halving(1.0)(3)
        0.125
    """

    def __call__(self, step: Any) -> float:
        """The learning rate at optimizer step ``step``."""
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override "
            "__call__(self, step)."
        )

    def get_config(self) -> dict:
        """The constructor arguments, so ``cls(**config)`` rebuilds the schedule."""
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override "
            "get_config() to be saved with its optimizer."
        )

    @classmethod
    def from_config(cls, config: dict) -> LearningRateSchedule:
        """Rebuild a schedule from :meth:`get_config`'s output."""
        return cls(**config)

    def __repr__(self) -> str:
        try:
            args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        except NotImplementedError:
            args = ""
        return f"{type(self).__name__}({args})"


def _check_decay_steps(decay_steps: Any, who: str) -> None:
    if decay_steps <= 0:
        raise ValueError(
            f"{who} expects decay_steps > 0, but received decay_steps={decay_steps}. "
            "decay_steps is the number of optimizer steps (batches) over which "
            "the rate decays."
        )


class ExponentialDecay(LearningRateSchedule):
    """``initial_learning_rate * decay_rate ** (step / decay_steps)``.

    Args:
        initial_learning_rate: the rate at step 0.
        decay_steps: steps for one factor of ``decay_rate`` (must be > 0).
        decay_rate: the multiplicative decay.
        staircase: if True, ``step / decay_steps`` is floored, so the rate drops
            in steps instead of smoothly.
        name: an optional name.

    Example:
        >>> schedule = ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
        >>> round(schedule(10), 6), round(schedule(5), 6)
        (0.05, 0.070711)
        >>> ExponentialDecay(0.1, 10, 0.5, staircase=True)(15)
        0.05
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: int,
        decay_rate: float,
        staircase: bool = False,
        name: str = "ExponentialDecay",
    ) -> None:
        _check_decay_steps(decay_steps, "ExponentialDecay")
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step: Any) -> float:
        """The decayed rate at ``step``."""
        progress = _step_value(step) / self.decay_steps
        if self.staircase:
            progress = math.floor(progress)
        return self.initial_learning_rate * self.decay_rate**progress

    def get_config(self) -> dict:
        """The constructor arguments."""
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class PiecewiseConstantDecay(LearningRateSchedule):
    """A constant rate per interval of steps.

    The rate is ``values[0]`` while ``step <= boundaries[0]``, ``values[1]`` while
    ``boundaries[0] < step <= boundaries[1]``, ..., and ``values[-1]`` after the
    last boundary (the boundary step itself still uses the earlier value).

    Args:
        boundaries: strictly increasing step numbers.
        values: one more rate than there are boundaries.
        name: an optional name.

    Example:
        >>> schedule = PiecewiseConstantDecay([100, 200], [1.0, 0.5, 0.1])
        >>> schedule(100), schedule(101), schedule(500)
        (1.0, 0.5, 0.1)
    """

    def __init__(
        self, boundaries: list, values: list, name: str = "PiecewiseConstant"
    ) -> None:
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "PiecewiseConstantDecay expects one more value than boundaries, but "
                f"received {len(boundaries)} boundaries {list(boundaries)} and "
                f"{len(values)} values {list(values)}. values[i] is the rate up to "
                "boundaries[i]; the last value is used after the last boundary."
            )
        if any(
            later <= earlier
            for earlier, later in zip(boundaries, boundaries[1:], strict=False)
        ):
            raise ValueError(
                "PiecewiseConstantDecay expects strictly increasing boundaries, but "
                f"received {list(boundaries)}. Sort them, and remove duplicates."
            )
        self.boundaries = list(boundaries)
        self.values = list(values)
        self.name = name

    def __call__(self, step: Any) -> float:
        """The value of the interval that ``step`` falls in."""
        current = _step_value(step)
        for boundary, value in zip(self.boundaries, self.values, strict=False):
            if current <= boundary:
                return value
        return self.values[-1]

    def get_config(self) -> dict:
        """The constructor arguments."""
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class CosineDecay(LearningRateSchedule):
    """Cosine decay, with an optional linear warmup first (SGDR without restarts).

    Without warmup the rate goes from ``initial_learning_rate`` down to
    ``initial_learning_rate * alpha`` over ``decay_steps`` and then stays there:
    ``lr(step) = initial * ((1 - alpha) * 0.5 * (1 + cos(pi * t)) + alpha)`` with
    ``t = min(step, decay_steps) / decay_steps``.

    With ``warmup_target`` set, the rate first rises linearly from
    ``initial_learning_rate`` to ``warmup_target`` over ``warmup_steps``, then
    decays from ``warmup_target`` as above for ``decay_steps`` more steps.

    Args:
        initial_learning_rate: the rate at step 0.
        decay_steps: number of decay steps (must be > 0).
        alpha: the final rate as a fraction of the decay's starting rate.
        name: an optional name.
        warmup_target: the rate reached at the end of warmup (None: no warmup).
        warmup_steps: number of warmup steps.

    Example:
        >>> schedule = CosineDecay(1.0, decay_steps=10)
        >>> schedule(0), round(schedule(5), 6), schedule(10), schedule(99)
        (1.0, 0.5, 0.0, 0.0)
        >>> warm = CosineDecay(0.0, 10, warmup_target=1.0, warmup_steps=4)
        >>> warm(2), warm(4)
        (0.5, 1.0)
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: int,
        alpha: float = 0.0,
        name: str = "CosineDecay",
        warmup_target: float | None = None,
        warmup_steps: int = 0,
    ) -> None:
        _check_decay_steps(decay_steps, "CosineDecay")
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_target = warmup_target
        self.warmup_steps = warmup_steps

    def _decay(self, step: float, start_rate: float) -> float:
        fraction = step / self.decay_steps
        cosine = 0.5 * (1.0 + math.cos(math.pi * fraction))
        return start_rate * ((1.0 - self.alpha) * cosine + self.alpha)

    def __call__(self, step: Any) -> float:
        """The warmup or cosine-decayed rate at ``step``."""
        current = _step_value(step)
        if self.warmup_target is None:
            return self._decay(
                min(current, self.decay_steps), self.initial_learning_rate
            )
        current = min(current, self.decay_steps + self.warmup_steps)
        if current < self.warmup_steps:
            delta = self.warmup_target - self.initial_learning_rate
            return self.initial_learning_rate + delta * current / self.warmup_steps
        return self._decay(current - self.warmup_steps, self.warmup_target)

    def get_config(self) -> dict:
        """The constructor arguments."""
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "alpha": self.alpha,
            "name": self.name,
            "warmup_target": self.warmup_target,
            "warmup_steps": self.warmup_steps,
        }


SCHEDULES: dict[str, type[LearningRateSchedule]] = {
    "ExponentialDecay": ExponentialDecay,
    "PiecewiseConstantDecay": PiecewiseConstantDecay,
    "CosineDecay": CosineDecay,
}


def serialize(schedule: LearningRateSchedule) -> dict:
    """A JSON-ready ``{"class_name", "config"}`` dict for ``schedule``.

    Example:
        >>> serialize(ExponentialDecay(0.1, 10, 0.9))["class_name"]
        'ExponentialDecay'
    """
    return {"class_name": type(schedule).__name__, "config": schedule.get_config()}


def deserialize(
    config: dict, custom_objects: dict | None = None
) -> LearningRateSchedule:
    """Rebuild a schedule from :func:`serialize`'s output.

    Args:
        config: a ``{"class_name", "config"}`` dict.
        custom_objects: extra ``{name: class}`` for your own schedules.

    Raises:
        ValueError: if the class name is unknown.
    """
    known = {**SCHEDULES, **(custom_objects or {})}
    name = config.get("class_name")
    if name not in known:
        raise ValueError(
            f"deserialize() expects a known schedule class name, but received "
            f"{name!r}.{did_you_mean(str(name), known)} Pass your own class as "
            "custom_objects={'MySchedule': MySchedule}."
        )
    return known[name].from_config(dict(config.get("config", {})))
