"""The optimizer base class: what every optimizer does around its update rule.

Notebook: ``notebooks/08_gradient_tape.ipynb``.

``apply_gradients(zip(grads, variables))`` runs the same steps for every
optimizer, in Keras 3's order:

1. drop ``None`` gradients (variables the loss does not depend on);
2. create slot variables (momentum, velocity...) for variables seen first now;
3. clip the gradients (``clipnorm``, ``global_clipnorm`` or ``clipvalue``);
4. decay the weights, ``w -= w * weight_decay * lr``, if ``weight_decay`` is set;
5. call ``update_step(gradient, variable, learning_rate)`` once per variable:
   the only part a subclass writes;
6. add one to ``iterations`` and apply each variable's ``constraint``.

Everything runs on NumPy arrays: read ``variable.value``, write with
``variable.assign(new_array)``, never in place (a tape may hold the old array).
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np

from kitlib.optimizers import clipping, gradients
from kitlib.optimizers import schedules as schedules_module
from kitlib.optimizers.optimizer_state import OptimizerState
from kitlib.optimizers.weight_decay import WeightDecay
from kitlib.tensor import Tensor, Variable
from kitlib.utils.errors import did_you_mean
from kitlib.utils.naming import auto_name, to_snake_case

_BASE_ARGS = ("weight_decay", "clipnorm", "clipvalue", "global_clipnorm", "name")


class Optimizer(OptimizerState, WeightDecay):
    """Base class of optimizers: subclasses implement ``update_step`` (and ``build``).

    Args:
        learning_rate: a float, a ``LearningRateSchedule`` (called with the step
            number) or a callable with no arguments.
        weight_decay: if set, every update first does
            ``w -= w * weight_decay * learning_rate`` (decoupled weight decay).
        clipnorm: clip each gradient to this L2 norm.
        clipvalue: clip each gradient element into ``[-clipvalue, clipvalue]``.
        global_clipnorm: clip all gradients together to this global L2 norm.
        name: a name (defaults to the class's Keras name).
        **kwargs: only ``lr``, the Keras 2 spelling of ``learning_rate``
            (accepted with a warning).

    Keras note: Keras 3 rejects ``lr=``; kitlib accepts it with a warning because
    the seed articles and many tutorials still write ``Adam(lr=0.001)``. kitlib
    also creates slot variables for new variables on later calls instead of
    raising, so one optimizer can serve a model whose layers were built late.

    Example:
        >>> from kitlib.optimizers import SGD
        >>> w = Variable([1.0, 2.0])
        >>> opt = SGD(learning_rate=0.1)
        >>> _ = opt.apply_gradients([(np.array([1.0, 1.0]), w)])
        >>> w.numpy().tolist(), int(opt.iterations)
        ([0.8999999761581421, 1.899999976158142], 1)
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        learning_rate = _pop_lr_alias(type(self).__name__, learning_rate, kwargs)
        if kwargs:
            known = [*inspect.signature(type(self).__init__).parameters, *_BASE_ARGS]
            hint = did_you_mean(next(iter(kwargs)), known)
            raise ValueError(
                f"{type(self).__name__} does not accept the argument(s) "
                f"{sorted(kwargs)}.{hint} Its arguments are learning_rate, "
                "weight_decay, clipnorm, clipvalue, global_clipnorm, name and its "
                f"own hyperparameters (see help({type(self).__name__}))."
            )
        self.name = name or auto_name(to_snake_case(type(self).__name__))
        clipping.check_clip_arguments(
            f"{type(self).__name__}()", clipnorm, clipvalue, global_clipnorm
        )
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.global_clipnorm = global_clipnorm
        self.built = False
        self._variables: list[Variable] = []
        self._trainable_variables: list[Variable] = []
        self._slots: dict[int, dict[str, Variable]] = {}
        self._iterations = self._track(
            Variable(0, name=f"{self.name}_iteration", trainable=False, dtype="int64")
        )
        self._learning_rate = self._make_learning_rate(learning_rate)

    # --- learning rate and step counter -------------------------------------
    @property
    def iterations(self) -> Variable:
        """How many updates were applied so far (a non-trainable int Variable)."""
        return self._iterations

    @property
    def learning_rate(self) -> np.float32:
        """The learning rate for the *next* update (schedules are evaluated now)."""
        rate = self._learning_rate
        if isinstance(rate, Variable):
            return rate.value[()]
        if isinstance(rate, schedules_module.LearningRateSchedule):
            return np.float32(rate(self._iterations))
        return np.float32(rate())

    @learning_rate.setter
    def learning_rate(self, value: Any) -> None:
        if isinstance(self._learning_rate, Variable) and _is_number(value):
            self._learning_rate.assign(np.float32(value))
            return
        if isinstance(
            self._learning_rate, schedules_module.LearningRateSchedule
        ) and _is_number(value):
            raise TypeError(
                f"Optimizer '{self.name}' was created with a LearningRateSchedule, so "
                f"its learning rate cannot be set to the number {value}. Create the "
                "optimizer with a float learning_rate if a callback (such as "
                "ReduceLROnPlateau) needs to change it, or assign a new schedule."
            )
        old = self._learning_rate
        self._learning_rate = self._make_learning_rate(value)
        if isinstance(old, Variable) and not isinstance(self._learning_rate, Variable):
            # NOTE: filter by identity: ``==`` on Variables is an element-wise op.
            self._variables = [v for v in self._variables if v is not old]

    @property
    def lr(self) -> np.float32:
        """Keras 2 alias of :attr:`learning_rate`."""
        return self.learning_rate

    @lr.setter
    def lr(self, value: Any) -> None:
        self.learning_rate = value

    def _make_learning_rate(self, value: Any) -> Any:
        if isinstance(value, schedules_module.LearningRateSchedule):
            return value
        if _is_number(value):
            return self._track(
                Variable(
                    np.float32(value),
                    name=f"{self.name}_learning_rate",
                    trainable=False,
                    dtype="float32",
                )
            )
        if callable(value):
            return value
        raise TypeError(
            f"Optimizer '{self.name}' expects learning_rate to be a float, a "
            "LearningRateSchedule or a callable with no arguments, but received "
            f"{type(value).__name__} {value!r}. Pass e.g. learning_rate=0.001."
        )

    # --- applying gradients ----------------------------------------------------
    def apply_gradients(self, grads_and_vars: Iterable) -> Variable:
        """Apply one update from ``(gradient, variable)`` pairs.

        Args:
            grads_and_vars: pairs, usually ``zip(grads, model.trainable_variables)``.

        Returns:
            The ``iterations`` Variable (as ``tf.keras`` does).

        Raises:
            ValueError: if every gradient is None, or a shape does not match.
        """
        pairs = list(grads_and_vars)
        if pairs:
            gradients.check_pairs(self.name, pairs)
            grads, variables = zip(*pairs, strict=False)
            self.apply(list(grads), list(variables))
        return self._iterations

    def apply(self, grads: list, trainable_variables: list | None = None) -> None:
        """Apply one update; ``grads[i]`` belongs to ``trainable_variables[i]``.

        Args:
            grads: gradients (Tensors, arrays or None).
            trainable_variables: the variables; may be omitted after ``build``,
                then the variables the optimizer was built with are used.
        """
        if not grads:
            return
        variables = self._resolve_variables(list(grads), trainable_variables)
        grads, variables = gradients.filter_empty_gradients(
            self.name, list(grads), variables
        )
        self.build(variables)
        arrays = [
            gradients.gradient_array(self.name, g, v)
            for g, v in zip(grads, variables, strict=True)
        ]
        arrays = clipping.clip_gradients(
            arrays, self.clipnorm, self.clipvalue, self.global_clipnorm
        )
        learning_rate = self.learning_rate
        self._apply_weight_decay(variables, learning_rate)
        for gradient, variable in zip(arrays, variables, strict=False):
            self.update_step(gradient, variable, learning_rate)
        self._iterations.assign(self._iterations.value + 1)
        for variable in variables:
            if variable.constraint is not None:
                variable.assign(variable.constraint(variable.value))

    def _resolve_variables(self, grads: list, variables: list | None) -> list:
        if variables is None and not self.built:
            raise ValueError(
                f"Optimizer '{self.name}'.apply() received gradients without "
                "variables, but the optimizer is not built yet. Pass both: "
                "apply(grads, model.trainable_variables)."
            )
        variables = list(self._trainable_variables if variables is None else variables)
        gradients.check_variables(self.name, grads, variables)
        return variables

    def update_step(
        self, gradient: np.ndarray, variable: Variable, learning_rate: np.float32
    ) -> None:
        """Update one variable from its (clipped) gradient: the optimizer's rule."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement update_step(gradient, variable, "
            "learning_rate)."
        )

    # --- config ---------------------------------------------------------------
    def get_config(self) -> dict:
        """The constructor arguments (a schedule is stored as a nested dict)."""
        rate = self._learning_rate
        if isinstance(rate, Variable):
            # NOTE: str() of the float32 gives the shortest decimal that maps back
            # to the same float32, so 0.001 is saved as 0.001, not 0.0010000000475.
            rate = float(str(rate.value[()]))
        elif isinstance(rate, schedules_module.LearningRateSchedule):
            rate = schedules_module.serialize(rate)
        return {
            "name": self.name,
            "learning_rate": rate,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
        }

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> Optimizer:
        """Rebuild an optimizer (without its state) from :meth:`get_config`."""
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = schedules_module.deserialize(
                config["learning_rate"], custom_objects
            )
        return cls(**config)

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} name='{self.name}' "
            f"learning_rate={self.learning_rate!s} iterations={int(self.iterations)}>"
        )


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int | float | np.number) or (
        isinstance(value, np.ndarray | Tensor) and np.ndim(value) == 0
    )


def _pop_lr_alias(who: str, learning_rate: Any, kwargs: dict) -> Any:
    if "lr" not in kwargs:
        return learning_rate
    lr = kwargs.pop("lr")
    warnings.warn(
        f"{who}(lr=...) is the Keras 2 spelling and is deprecated: use "
        f"{who}(learning_rate={lr!r}) instead (Keras 3 rejects lr=).",
        UserWarning,
        stacklevel=gradients.user_stacklevel(),
    )
    return lr
