"""The ``Metric`` base class: a running statistic updated batch by batch.

Notebook: ``notebooks/09_compile_and_fit.ipynb``.

A loss must be differentiable and is computed per batch; a metric is only
*reported*, and accumulates over a whole epoch. Its state lives in
non-trainable Variables (e.g. ``total`` and ``count`` for a mean), so the
epoch value is exact whatever the batch sizes:

    metric.reset_state()                     # start of the epoch
    metric.update_state(y_true, y_pred)      # every batch
    metric.result()                          # the epoch value so far
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.tensor import Variable
from kitlib.utils.dtypes import floatx, standardize_dtype
from kitlib.utils.naming import to_snake_case


class Metric:
    """Base class of metrics: implement ``update_state`` and ``result``.

    Args:
        name: the name shown in logs (defaults to the snake-case class name).
        dtype: the dtype of the state and result (defaults to float32).

    Attributes:
        _direction: ``"up"`` if higher is better, ``"down"`` if lower is,
            ``None`` if unknown; callbacks in ``mode="auto"`` read it.

    Example:
        >>> class Maximum(Metric):
        ...     def __init__(self, name="maximum"):
        ...         super().__init__(name=name)
        ...         self.best = self.add_variable((), "best", initial_value=-np.inf)
        ...     def update_state(self, values, sample_weight=None):
        ...         self.best.assign(max(float(self.best.value), float(np.max(values))))
        ...     def result(self):
        ...         return self.best.value[()]
        >>> peak = Maximum()
        >>> peak.update_state([1.0, 5.0]); peak.update_state([3.0])
        >>> float(peak.result())
        5.0
    """

    _direction: str | None = None

    def __init__(self, name: str | None = None, dtype: Any = None) -> None:
        self.name = name or to_snake_case(type(self).__name__)
        self.dtype = standardize_dtype(dtype) if dtype is not None else floatx()
        self._variables: list[Variable] = []
        self._initial_values: list[np.ndarray] = []

    def add_variable(
        self,
        shape: tuple = (),
        name: str | None = None,
        initial_value: float = 0.0,
        dtype: Any = None,
    ) -> Variable:
        """Create a non-trainable state Variable, reset to ``initial_value``."""
        value = np.full(
            shape, initial_value, dtype=standardize_dtype(dtype or self.dtype)
        )
        variable = Variable(
            value, name=f"{self.name}_{name or 'variable'}", trainable=False
        )
        self._variables.append(variable)
        self._initial_values.append(value)
        return variable

    @property
    def variables(self) -> list[Variable]:
        """The state Variables (saved with the model, reset each epoch)."""
        return list(self._variables)

    def update_state(self, *args: Any, **kwargs: Any) -> None:
        """Accumulate statistics from one batch."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement update_state()."
        )

    def result(self) -> Any:
        """The metric value from the accumulated state."""
        raise NotImplementedError(f"{type(self).__name__} must implement result().")

    def reset_state(self) -> None:
        """Forget everything accumulated (``fit`` calls it at each epoch start)."""
        for variable, value in zip(self._variables, self._initial_values, strict=True):
            variable.assign(value)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """``update_state(...)`` then ``result()``."""
        self.update_state(*args, **kwargs)
        return self.result()

    def get_config(self) -> dict:
        """The constructor arguments."""
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config: dict) -> Metric:
        """Rebuild a metric (with empty state) from :meth:`get_config`."""
        return cls(**config)

    def __repr__(self) -> str:
        try:
            value = f"{float(np.asarray(self.result()).mean()):.4f}"
        except (NotImplementedError, ValueError, TypeError):
            value = "?"
        return f"<{type(self).__name__} name='{self.name}' result={value}>"
