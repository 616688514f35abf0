"""Weight initializers (Keras names and defaults): how a new weight gets its values.

Notebook: ``notebooks/02_layer_lifecycle.ipynb``.

An initializer is a callable ``init(shape, dtype) -> ndarray``. Pass it to
``add_weight`` as an object or by name (``"glorot_uniform"``, ``"he_normal"``...).
With ``seed=None`` values come from kitlib's global generator
(:func:`kitlib.utils.set_random_seed`); with an int seed every call returns the
same values.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from kitlib._registry_get import resolve
from kitlib._registry_get import serialize as _serialize
from kitlib.utils.dtypes import standardize_dtype
from kitlib.utils.naming import to_snake_case
from kitlib.utils.random import make_rng


class Initializer:
    """Base class: subclasses implement ``__call__(shape, dtype=None)``."""

    def __call__(self, shape: tuple, dtype: Any = None) -> np.ndarray:
        raise NotImplementedError(f"{type(self).__name__} must implement __call__.")

    def get_config(self) -> dict:
        """The constructor arguments, so ``cls(**config)`` rebuilds it."""
        return {}

    @classmethod
    def from_config(cls, config: dict) -> Initializer:
        """Rebuild from :meth:`get_config`'s output."""
        return cls(**config)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class Constant(Initializer):
    """Every element equals ``value``."""

    def __init__(self, value: float = 0.0) -> None:
        self.value = value

    def __call__(self, shape: tuple, dtype: Any = None) -> np.ndarray:
        return np.full(shape, self.value, dtype=standardize_dtype(dtype))

    def get_config(self) -> dict:
        return {"value": self.value}


class Zeros(Constant):
    """All zeros (the default for biases)."""

    def __init__(self) -> None:
        super().__init__(0.0)

    def get_config(self) -> dict:
        return {}


class Ones(Constant):
    """All ones (e.g. BatchNormalization's gamma)."""

    def __init__(self) -> None:
        super().__init__(1.0)

    def get_config(self) -> dict:
        return {}


class _Random(Initializer):
    """Shared seed handling of random initializers."""

    def __init__(self, seed: int | None = None) -> None:
        self.seed = seed

    def rng(self) -> np.random.Generator:
        return make_rng(self.seed)

    def get_config(self) -> dict:
        return {"seed": self.seed}


class RandomNormal(_Random):
    """Normal distribution N(mean, stddev**2)."""

    def __init__(
        self, mean: float = 0.0, stddev: float = 0.05, seed: int | None = None
    ):
        super().__init__(seed)
        self.mean, self.stddev = mean, stddev

    def __call__(self, shape: tuple, dtype: Any = None) -> np.ndarray:
        values = self.rng().normal(self.mean, self.stddev, size=shape)
        return values.astype(standardize_dtype(dtype))

    def get_config(self) -> dict:
        return {"mean": self.mean, "stddev": self.stddev, **super().get_config()}


class RandomUniform(_Random):
    """Uniform distribution on [minval, maxval)."""

    def __init__(
        self, minval: float = -0.05, maxval: float = 0.05, seed: int | None = None
    ):
        super().__init__(seed)
        self.minval, self.maxval = minval, maxval

    def __call__(self, shape: tuple, dtype: Any = None) -> np.ndarray:
        values = self.rng().uniform(self.minval, self.maxval, size=shape)
        return values.astype(standardize_dtype(dtype))

    def get_config(self) -> dict:
        return {"minval": self.minval, "maxval": self.maxval, **super().get_config()}


def _truncated_normal(rng: np.random.Generator, stddev: float, shape: tuple):
    """N(0, stddev**2) redrawn until every value lies within two deviations."""
    values = rng.normal(0.0, stddev, size=shape)
    outside = np.abs(values) > 2 * stddev
    while outside.any():
        values[outside] = rng.normal(0.0, stddev, size=int(outside.sum()))
        outside = np.abs(values) > 2 * stddev
    return values


class TruncatedNormal(_Random):
    """Normal distribution cut at two standard deviations (values redrawn)."""

    def __init__(
        self, mean: float = 0.0, stddev: float = 0.05, seed: int | None = None
    ):
        super().__init__(seed)
        self.mean, self.stddev = mean, stddev

    def __call__(self, shape: tuple, dtype: Any = None) -> np.ndarray:
        values = self.mean + _truncated_normal(self.rng(), self.stddev, shape)
        return values.astype(standardize_dtype(dtype))

    def get_config(self) -> dict:
        return {"mean": self.mean, "stddev": self.stddev, **super().get_config()}


def compute_fans(shape: tuple) -> tuple[float, float]:
    """(fan_in, fan_out) as Keras computes them; conv kernels count the window.

    Example:
        >>> compute_fans((3, 3, 8, 16))
        (72, 144)
    """
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = math.prod(shape[:-2]) if len(shape) > 2 else 1
    return shape[-2] * receptive, shape[-1] * receptive


class VarianceScaling(_Random):
    """Scale the spread by the number of inputs/outputs (the family of Glorot, He, LeCun).

    Args:
        scale: variance multiplier.
        mode: ``"fan_in"``, ``"fan_out"`` or ``"fan_avg"``.
        distribution: ``"truncated_normal"``, ``"untruncated_normal"`` or ``"uniform"``.
        seed: optional int seed.
    """

    def __init__(
        self,
        scale: float = 1.0,
        mode: str = "fan_in",
        distribution: str = "truncated_normal",
        seed: int | None = None,
    ) -> None:
        super().__init__(seed)
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError(
                f"VarianceScaling expects mode 'fan_in', 'fan_out' or 'fan_avg', but "
                f"received {mode!r}."
            )
        dists = ("truncated_normal", "untruncated_normal", "uniform")
        if distribution not in dists:
            raise ValueError(
                f"VarianceScaling expects distribution in {dists}, but received "
                f"{distribution!r}."
            )
        self.scale, self.mode, self.distribution = scale, mode, distribution

    def __call__(self, shape: tuple, dtype: Any = None) -> np.ndarray:
        fan_in, fan_out = compute_fans(tuple(shape))
        fan = {"fan_in": fan_in, "fan_out": fan_out}.get(
            self.mode, (fan_in + fan_out) / 2
        )
        variance = self.scale / max(1.0, fan)
        rng = self.rng()
        if self.distribution == "uniform":
            limit = math.sqrt(3.0 * variance)
            values = rng.uniform(-limit, limit, size=shape)
        elif self.distribution == "untruncated_normal":
            values = rng.normal(0.0, math.sqrt(variance), size=shape)
        else:
            # NOTE: 0.8796... is the std of a unit normal truncated at +-2, so the
            # truncated draw still has the intended variance.
            stddev = math.sqrt(variance) / 0.87962566103423978
            values = _truncated_normal(rng, stddev, shape)
        return values.astype(standardize_dtype(dtype))

    def get_config(self) -> dict:
        return {
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            **super().get_config(),
        }


def _preset(name: str, scale: float, mode: str, distribution: str) -> type:
    def __init__(self: VarianceScaling, seed: int | None = None) -> None:
        VarianceScaling.__init__(self, scale, mode, distribution, seed)

    def get_config(self: VarianceScaling) -> dict:
        return {"seed": self.seed}

    doc = (
        f"VarianceScaling(scale={scale}, mode='{mode}', distribution='{distribution}')."
    )
    return type(
        name,
        (VarianceScaling,),
        {"__init__": __init__, "get_config": get_config, "__doc__": doc},
    )


GlorotUniform = _preset("GlorotUniform", 1.0, "fan_avg", "uniform")
GlorotNormal = _preset("GlorotNormal", 1.0, "fan_avg", "truncated_normal")
HeUniform = _preset("HeUniform", 2.0, "fan_in", "uniform")
HeNormal = _preset("HeNormal", 2.0, "fan_in", "truncated_normal")
LecunUniform = _preset("LecunUniform", 1.0, "fan_in", "uniform")
LecunNormal = _preset("LecunNormal", 1.0, "fan_in", "truncated_normal")


class Orthogonal(_Random):
    """A (semi-)orthogonal matrix times ``gain``, via QR of a normal draw."""

    def __init__(self, gain: float = 1.0, seed: int | None = None) -> None:
        super().__init__(seed)
        self.gain = gain

    def __call__(self, shape: tuple, dtype: Any = None) -> np.ndarray:
        if len(shape) < 2:
            raise ValueError(
                f"Orthogonal initializer needs a shape with at least 2 axes, but "
                f"received {tuple(shape)}. Use it for kernels, not biases."
            )
        rows, cols = math.prod(shape[:-1]), shape[-1]
        flat = self.rng().normal(size=(max(rows, cols), min(rows, cols)))
        q, r = np.linalg.qr(flat)
        q *= np.sign(np.diag(r))  # NOTE: makes the result uniformly distributed
        q = q.T if rows < cols else q
        return (
            (self.gain * q[:rows, :cols])
            .reshape(shape)
            .astype(standardize_dtype(dtype))
        )

    def get_config(self) -> dict:
        return {"gain": self.gain, **super().get_config()}


class Identity(Initializer):
    """``gain`` times the identity matrix (2-D shapes only)."""

    def __init__(self, gain: float = 1.0) -> None:
        self.gain = gain

    def __call__(self, shape: tuple, dtype: Any = None) -> np.ndarray:
        if len(shape) != 2:
            raise ValueError(
                f"Identity initializer needs a 2-D shape, but received {tuple(shape)}."
            )
        return (self.gain * np.eye(*shape)).astype(standardize_dtype(dtype))

    def get_config(self) -> dict:
        return {"gain": self.gain}


ALL = [
    Constant, Zeros, Ones, RandomNormal, RandomUniform, TruncatedNormal,
    VarianceScaling, GlorotUniform, GlorotNormal, HeUniform, HeNormal,
    LecunUniform, LecunNormal, Orthogonal, Identity,
]  # fmt: skip
_BY_NAME = {to_snake_case(cls.__name__): cls for cls in ALL}
_BY_NAME.update({cls.__name__: cls for cls in ALL})
# Keras's short aliases (Embedding defaults to "uniform").
_BY_NAME.update({"uniform": RandomUniform, "normal": RandomNormal})


def get(identifier: Any) -> Initializer | Any:
    """Resolve a name, config dict, class, instance or callable to an initializer.

    Example:
        >>> get("glorot_uniform")
        GlorotUniform(seed=None)
    """
    return resolve(identifier, Initializer, _BY_NAME, "initializer")


def serialize(initializer: Any) -> Any:
    """``{"class_name", "config"}`` for saving (a registered name for a function)."""
    return _serialize(initializer, Initializer)
