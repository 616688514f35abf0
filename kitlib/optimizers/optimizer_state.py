"""An optimizer's state: the variables it tracks, its slot variables, save/restore.

Notebook: ``notebooks/08_gradient_tape.ipynb``.

Besides the model's weights, an optimizer keeps its own variables: the step
counter ``iterations``, the ``learning_rate`` (unless it is a schedule) and one
or more *slot variables* per model variable (SGD's momentum, Adam's first and
second moments...). Resuming training identically needs all of them, so they
are listed in :attr:`variables` in a fixed order and can be saved and restored.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.tensor import Variable, to_array
from kitlib.utils.errors import fmt_shape


class OptimizerState:
    """Slot-variable bookkeeping shared by every optimizer (mixin of ``Optimizer``).

    Subclasses create slots in ``build``::

        def build(self, variables):
            for variable in super().build(variables):   # only the new ones
                self.add_slot(variable, "momentum")
    """

    name: str
    built: bool
    _variables: list[Variable]
    _trainable_variables: list[Variable]
    _slots: dict[int, dict[str, Variable]]

    def __getattr__(self, name: str) -> Any:
        # Only reached when normal lookup fails: explain the usual cause.
        if not name.startswith("__") and "_variables" not in self.__dict__:
            raise AttributeError(
                f"{type(self).__name__} has no attribute {name!r} because its "
                "__init__ did not call super().__init__(...). Call it first in "
                "__init__, e.g. super().__init__(learning_rate=learning_rate)."
            )
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}.")

    def _track(self, variable: Variable) -> Variable:
        self._variables.append(variable)
        return variable

    def build(self, variables: list) -> list[Variable]:
        """Register ``variables``; returns those seen for the first time.

        Called automatically by the first ``apply_gradients``. Call it yourself
        before :meth:`set_weights` / :meth:`load_own_variables` so the slot
        variables exist when a saved state is restored.
        """
        new = [v for v in variables if id(v) not in self._slots]
        for variable in new:
            self._slots[id(variable)] = {}
            self._trainable_variables.append(variable)
        self.built = True
        return new

    def add_slot(
        self, variable: Variable, slot_name: str, initial_value: float = 0.0
    ) -> Variable:
        """Create a slot variable shaped like ``variable`` (e.g. ``"momentum"``)."""
        base = str(variable.name).replace("/", "_").replace(":", "_")
        slot = Variable(
            np.full(variable.shape, initial_value, dtype=variable.dtype),
            name=f"{base}_{slot_name}",
            trainable=False,
            dtype=variable.dtype,
        )
        self._slots[id(variable)][slot_name] = self._track(slot)
        return slot

    def get_slot(self, variable: Variable, slot_name: str) -> Variable:
        """The slot variable ``slot_name`` of ``variable``."""
        try:
            return self._slots[id(variable)][slot_name]
        except KeyError:
            raise KeyError(
                f"Optimizer '{self.name}' has no slot {slot_name!r} for variable "
                f"'{variable.name}'. Slots are created by build() on the first "
                "apply_gradients()."
            ) from None

    @property
    def variables(self) -> list[Variable]:
        """Every state variable: iterations, learning rate, then the slots."""
        return list(self._variables)

    def get_weights(self) -> list[np.ndarray]:
        """Copies of the state arrays, in :attr:`variables` order."""
        return [v.value.copy() for v in self._variables]

    def set_weights(self, weights: list) -> None:
        """Restore the state from :meth:`get_weights` (shapes are checked).

        Raises:
            ValueError: if the number of arrays or a shape does not match.
        """
        weights = list(weights)
        if len(weights) != len(self._variables):
            raise ValueError(
                f"Optimizer '{self.name}' has {len(self._variables)} state variables, "
                f"but set_weights() received {len(weights)} arrays. Slot variables "
                "exist only after build(): call "
                "optimizer.build(model.trainable_variables) before restoring a "
                "saved optimizer state, with the same variables in the same order."
            )
        arrays = [to_array(w) for w in weights]
        for variable, array in zip(self._variables, arrays, strict=False):
            if array.shape != variable.value.shape:
                raise ValueError(
                    f"Optimizer '{self.name}' variable '{variable.name}' has shape "
                    f"{fmt_shape(variable.shape)}, but set_weights() received shape "
                    f"{fmt_shape(array.shape)}. The saved state belongs to "
                    "different variables."
                )
        for variable, array in zip(self._variables, arrays, strict=False):
            variable.assign(array.astype(variable.dtype))

    def save_own_variables(self, store: dict) -> None:
        """Write the state into ``store`` as ``{"0": array, "1": array, ...}``."""
        for index, array in enumerate(self.get_weights()):
            store[str(index)] = array

    def load_own_variables(self, store: Any) -> None:
        """Read the state written by :meth:`save_own_variables`."""
        self.set_weights([store[str(i)] for i in range(len(store))])
