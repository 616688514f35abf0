"""``Layer``: ``__call__`` -> build once -> ``call``; weights via ``add_weight``.

Notebook: ``notebooks/02_layer_lifecycle.ipynb``.

The lifecycle, as Keras does it:

1. ``__init__`` stores configuration only (no weights: the input size is unknown).
2. ``__call__(inputs)`` is the one entry point. It converts inputs, checks
   ``input_spec``, calls ``build(input_shape)`` the first time (that is where
   ``add_weight`` creates weights), then runs ``call``. On symbolic inputs it
   computes shapes only and records a ``Node`` (see ``engine/node.py``).
3. ``call(inputs)`` is the math, written with ``kitlib.ops``.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any

from kitlib.engine import operation, trace
from kitlib.engine.call_context import (
    accepts,
    current_training,
    input_mask,
    is_nested_numbers,
    training_scope,
)
from kitlib.engine.input_spec import assert_input_compatibility
from kitlib.engine.keras_tensor import (
    KerasTensor,
    fresh_copy,
    shapes_of,
    specs_from_shapes,
)
from kitlib.engine.layer_config import auto_config
from kitlib.engine.layer_display import LayerDisplay
from kitlib.engine.layer_node_access import NodeAccess
from kitlib.engine.layer_tracking import LayerTracking
from kitlib.engine.layer_weights import make_weight
from kitlib.engine.node import Node
from kitlib.tensor import Tensor
from kitlib.utils import naming
from kitlib.utils.dtypes import is_float, standardize_dtype
from kitlib.utils.errors import did_you_mean
from kitlib.utils.nest import flatten, map_structure

_LAYER_KWARGS = ("trainable", "name", "dtype", "input_shape", "input_dim", "batch_size")


class Layer(LayerTracking, NodeAccess, LayerDisplay, operation.Operation):
    """Base class of all layers: subclass it and write ``build`` and ``call``.

    Args:
        trainable: whether the optimizer updates this layer's weights.
        name: unique name; automatic (``dense``, ``dense_1``...) when omitted.
        dtype: dtype of the weights (default ``"float32"``).
        input_shape: shape without the batch axis, used by ``Sequential`` to build
            before any data is seen (``Dense(8, input_shape=(4,))``).

    Example:
        >>> from kitlib import ops
        >>> class Scale(Layer):
        ...     def build(self, input_shape):
        ...         self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")
        ...     def call(self, x):
        ...         return x * self.w
        >>> Scale()([[1.0, 2.0]]).numpy().tolist()
        [[1.0, 2.0]]
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "build" in cls.__dict__:
            cls.build = _marks_built(cls.__dict__["build"])

    def __new__(cls, *args: Any, **kwargs: Any) -> Layer:
        instance = super().__new__(cls)
        # Remember the constructor arguments so get_config() works for simple
        # subclasses that never wrote one (as Keras 3 does).
        instance.__dict__["_init_args"] = (args, kwargs)
        return instance

    def __init__(self, **kwargs: Any) -> None:
        self.__dict__["_tracked_attrs"] = {}
        unknown = [key for key in kwargs if key not in _LAYER_KWARGS]
        if unknown:
            # Suggest the subclass's own arguments too: `activaton=` -> `activation`.
            own = [p for p in inspect.signature(type(self).__init__).parameters
                   if p not in ("self", "args", "kwargs")]  # fmt: skip
            raise TypeError(
                f"{type(self).__name__} got an unexpected keyword argument "
                f"'{unknown[0]}'.{did_you_mean(unknown[0], [*own, *_LAYER_KWARGS])} "
                f"{type(self).__name__} arguments are: "
                f"{', '.join([*own, *_LAYER_KWARGS])}."
            )
        name = kwargs.get("name")
        super().__init__(
            name or naming.auto_name(naming.to_snake_case(type(self).__name__))
        )
        self._trainable = bool(kwargs.get("trainable", True))
        self.dtype = standardize_dtype(kwargs.get("dtype"))
        self.built = False
        self.input_spec: Any = None
        self.supports_masking = False
        self._created_variables: list = []
        self._losses: list = []
        self._build_input_shape: Any = None
        shape = kwargs.get("input_shape")
        if shape is None and kwargs.get("input_dim") is not None:
            shape = (kwargs["input_dim"],)
        self._batch_input_shape = (
            (kwargs.get("batch_size"), *tuple(shape)) if shape is not None else None
        )

    # --- the two methods subclasses write -----------------------------------
    def build(self, input_shape: Any) -> None:
        """Create the weights, now that the input shape is known. Override it."""

    def call(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        """The layer's computation (with ``kitlib.ops``). Override it."""
        return inputs

    # --- the one public entry point ----------------------------------------
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self._check_super_init_called()
        inputs = self._convert_inputs(args[0] if args else kwargs.pop("inputs"))
        args = (inputs, *args[1:])
        if trace.recording():  # the shapes cost time on every training step
            trace.emit("__call__", self, input_shapes=shapes_of(inputs))
        assert_input_compatibility(self, inputs)
        self._build_once(inputs)
        training = self._resolve_training(kwargs)
        self._resolve_mask(inputs, kwargs)
        with training_scope(training):
            if operation.any_symbolic(args, kwargs):
                outputs = self._symbolic_call(args, kwargs)
            else:
                trace.emit("call", self)
                self._losses = []
                outputs = self.call(*args, **kwargs)
        # A layer whose call() takes no mask still passes its input's mask on.
        mask = kwargs["mask"] if "mask" in kwargs else input_mask(inputs)
        self._set_output_masks(inputs, outputs, mask)
        return outputs

    # --- the steps of __call__, in order ------------------------------------
    def _check_super_init_called(self) -> None:
        if "_tracked_attrs" not in self.__dict__:
            raise RuntimeError(
                f"{type(self).__name__} was called, but its __init__ never called "
                "super().__init__(). Add super().__init__(**kwargs) as the first line "
                f"of {type(self).__name__}.__init__."
            )

    def _convert_inputs(self, inputs: Any) -> Any:
        if isinstance(inputs, Tensor | KerasTensor):
            return inputs  # the usual case inside a model: nothing to convert
        if is_nested_numbers(inputs):
            # [[1.0, 2.0]] is one tensor of shape (1, 2), as NumPy reads it; several
            # tensors are passed as a list of arrays or Tensors.
            inputs = Tensor(inputs)

        def convert(value: Any) -> Any:
            if isinstance(value, Tensor | KerasTensor) or value is None:
                return value
            tensor = Tensor(value)
            return (
                Tensor(tensor.value, self.dtype) if is_float(tensor.dtype) else tensor
            )

        return map_structure(convert, inputs)

    def _build_once(self, inputs: Any) -> None:
        if self.built:
            return
        input_shape = shapes_of(inputs)
        trace.emit("build", self, input_shape=input_shape)
        self._build_input_shape = input_shape
        self.build(input_shape)
        self.built = True

    def _resolve_training(self, kwargs: dict) -> Any:
        training = kwargs.pop("training", None)
        if training is None:
            training = current_training()
        if training is not None and accepts(self.call, "training"):
            kwargs["training"] = training
        return training

    def _resolve_mask(self, inputs: Any, kwargs: dict) -> None:
        if "mask" in kwargs or not accepts(self.call, "mask"):
            return
        mask = input_mask(inputs)
        if mask is not None:
            kwargs["mask"] = mask

    def _symbolic_call(self, args: tuple, kwargs: dict) -> Any:
        trace.emit("call", self, symbolic=True)
        outputs = self._trace_call(args, kwargs)
        if operation.in_shape_only():
            # Traced inside an enclosing layer's call (e.g. a nested model): only
            # the enclosing layer joins the graph, so this call records no Node.
            return outputs
        outputs = map_structure(fresh_copy, outputs)
        Node(self, args, kwargs, outputs)
        trace.emit("node", self, outputs=shapes_of(outputs))
        return outputs

    def _trace_call(self, args: tuple, kwargs: dict) -> Any:
        """Run ``call`` on KerasTensors; fall back to ``compute_output_shape``."""
        try:
            with operation.shape_only():
                return self.call(*args, **kwargs)
        except TypeError as error:
            if "symbolic" not in str(error):
                raise
            if _overrides(self, "compute_output_shape"):
                trace.emit("compute_output_shape", self)
                shapes = self.compute_output_shape(shapes_of(args[0]))
                return specs_from_shapes(shapes, self.dtype)
            raise TypeError(
                f"Layer '{self.name}' ({type(self).__name__}) could not run call() on "
                f"a symbolic input: {error} Define compute_output_shape(input_shape) "
                "on the layer so kitlib can infer its output shape without running it."
            ) from None

    def _set_output_masks(self, inputs: Any, outputs: Any, mask: Any) -> None:
        if not (self.supports_masking or _overrides(self, "compute_mask")):
            return
        output_mask = self.compute_mask(inputs, mask)
        tensors = flatten(outputs)
        # A list of masks, one per output (e.g. an RNN's [output, *states]).
        per_output = isinstance(output_mask, list | tuple) and len(output_mask) == len(
            tensors
        )
        masks = list(output_mask) if per_output else [output_mask] * len(tensors)
        for tensor, tensor_mask in zip(tensors, masks, strict=True):
            if isinstance(tensor, Tensor | KerasTensor):
                tensor._keras_mask = tensor_mask

    # --- weights -------------------------------------------------------------
    def add_weight(self, *args: Any, **kwargs: Any) -> Any:
        """Create a weight Variable, tracked by this layer. Call it from ``build``.

        Keras 3 order: ``add_weight(shape, initializer, dtype, trainable,
        regularizer, constraint, name)``; the Keras 2 order with the name first,
        ``add_weight("kernel", shape=[...])`` as in seed 000, also works.

        Returns:
            The new :class:`~kitlib.tensor.Variable`.
        """
        variable, config = make_weight(self, args, kwargs)
        self._created_variables.append(variable)
        trace.emit("add_weight", self, **config)
        return variable

    def add_loss(self, loss: Any) -> None:
        """Add a loss term (e.g. an activity penalty) computed during ``call``."""
        if any(isinstance(x, KerasTensor) for x in flatten(loss)):
            return  # traced on symbolic inputs: no value yet; added again on data
        self._losses.append(loss)

    @property
    def losses(self) -> list[Any]:
        """Losses added in the last call plus weight-regularization penalties."""
        variables, layers = self._own_variables_and_layers()
        penalties = [v.regularizer(v) for v in variables if v.regularizer is not None]
        inner = [loss for layer in layers for loss in layer.losses]
        return list(self._losses) + penalties + inner

    # --- shapes, masks and config --------------------------------------------
    def compute_output_shape(self, input_shape: Any) -> Any:
        """Output shape for ``input_shape`` (default: trace ``call`` symbolically)."""
        inputs = specs_from_shapes(input_shape, self.dtype)
        self._build_once(inputs)
        with operation.shape_only():
            outputs = self.call(inputs)
        return shapes_of(outputs)

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """The mask of the output (default: pass the input mask through)."""
        return mask

    def get_config(self) -> dict:
        """The constructor arguments, so ``from_config`` can rebuild the layer."""
        config = {"name": self.name, "trainable": self.trainable, "dtype": self.dtype}
        if self._batch_input_shape is not None:
            config["batch_input_shape"] = list(self._batch_input_shape)
        if type(self).__init__ is not Layer.__init__ and not _overrides(
            self, "get_config"
        ):
            config.update(auto_config(self))
        return config

    @classmethod
    def from_config(cls, config: dict) -> Layer:
        """Create a layer from :meth:`get_config`'s output."""
        config = dict(config)
        batch_shape = config.pop("batch_input_shape", None)
        if batch_shape is not None:
            config["input_shape"] = tuple(batch_shape[1:])
            config["batch_size"] = batch_shape[0]
        try:
            return cls(**config)
        except TypeError as error:
            raise TypeError(
                f"{cls.__name__}.from_config() could not rebuild the layer: {error}. "
                "The config holds every __init__ argument plus name, trainable and "
                f"dtype; give {cls.__name__}.__init__ a **kwargs parameter and pass it "
                "to super().__init__(**kwargs), or override from_config()."
            ) from error


def _marks_built(build: Any) -> Any:
    """Wrap a subclass's ``build`` so calling it directly also sets ``built``.

    As in Keras 3, ``layer.build((None, 5))`` is enough to create the weights
    and mark the layer built, without calling it on data.
    """

    @functools.wraps(build)
    def build_and_mark(self: Layer, input_shape: Any = None, *args: Any, **kwargs: Any):
        result = build(self, input_shape, *args, **kwargs)
        if self._build_input_shape is None:
            self._build_input_shape = input_shape
        self.built = True
        return result

    return build_and_mark


def _overrides(layer: Layer, method: str) -> bool:
    return getattr(type(layer), method) is not getattr(Layer, method)


__all__ = ["Layer"]
