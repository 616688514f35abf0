"""Decoupled weight decay, shared by every optimizer (AdamW only sets a default).

Notebook: ``notebooks/08_gradient_tape.ipynb``.

With ``weight_decay`` set, each update first shrinks the weights,
``w = w - w * weight_decay * learning_rate``, and *then* applies the
optimizer's own rule to the gradient. The decay does not pass through the
gradient, so Adam's per-weight scaling cannot weaken it (unlike an L2 term
added to the loss).
"""

from __future__ import annotations

import re

import numpy as np

from kitlib.tensor import Variable


class WeightDecay:
    """The weight-decay part of ``Optimizer`` (uses its ``name`` and ``built``)."""

    name: str
    built: bool
    weight_decay: float | None
    _exclude_ids: frozenset[int] = frozenset()
    _exclude_pattern: re.Pattern | None = None

    def exclude_from_weight_decay(
        self, var_list: list | None = None, var_names: list[str] | None = None
    ) -> None:
        """Skip weight decay for these variables, or names containing these strings.

        Must be called before the first update (``var_names=["bias"]`` is common).
        """
        if self.built:
            raise RuntimeError(
                f"Optimizer '{self.name}'.exclude_from_weight_decay() must be called "
                "before the first update, but the optimizer is already built. Call "
                "it right after creating the optimizer."
            )
        self._exclude_ids = {id(v) for v in var_list or []}
        names = [re.escape(n) for n in var_names or []]
        self._exclude_pattern = re.compile("|".join(names)) if names else None

    def _uses_weight_decay(self, variable: Variable) -> bool:
        if id(variable) in self._exclude_ids:
            return False
        pattern = self._exclude_pattern
        return pattern is None or pattern.search(variable.name) is None

    def _apply_weight_decay(self, variables: list, learning_rate: np.float32) -> None:
        if self.weight_decay is None:
            return
        for variable in variables:
            if self._uses_weight_decay(variable):
                decay = np.asarray(self.weight_decay, variable.dtype) * learning_rate
                variable.assign(variable.value - variable.value * decay)
