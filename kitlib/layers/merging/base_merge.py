"""``Merge``: the base of the element-wise merge layers (``Add``, ``Multiply``...).

Notebook: ``notebooks/05_functional_models.ipynb``.

A merge layer is called on a *list* of tensors, so its Node has several
inbound layers: this is how a functional graph joins branches.
"""

from __future__ import annotations

from typing import Any

from kitlib.engine.layer import Layer
from kitlib.ops._op import broadcast_shapes
from kitlib.utils.errors import fmt_shape


class Merge(Layer):
    """Base class: combines a list of same-shaped tensors element by element.

    Subclasses set ``min_inputs``/``max_inputs`` and write :meth:`_merge`.
    Shapes may broadcast (``(None, 3)`` with ``(None, 1)``), as in Keras.
    """

    min_inputs = 2
    max_inputs: int | None = None

    def _merge(self, inputs: list[Any]) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must implement _merge().")

    def call(self, inputs: Any) -> Any:
        self.compute_output_shape(input_shapes(self, inputs))
        return self._merge(list(inputs))

    def compute_output_shape(self, input_shape: Any) -> tuple:
        shapes = check_shape_list(self, input_shape)
        try:
            return broadcast_shapes(*shapes)
        except ValueError:
            raise ValueError(
                f"Layer '{self.name}' ({type(self).__name__}) expects inputs of the "
                f"same shape (or shapes that broadcast), but received shapes "
                f"[{', '.join(fmt_shape(s) for s in shapes)}]. An element-wise merge "
                "pairs values position by position; make the shapes equal (e.g. a "
                "Dense layer with matching units on one branch), or use Concatenate "
                "to join them side by side."
            ) from None


def input_shapes(layer: Layer, inputs: Any) -> list[tuple]:
    """The shapes of a merge layer's list of inputs (a single tensor is an error)."""
    if not isinstance(inputs, list | tuple):
        shape = fmt_shape(inputs.shape)
        raise ValueError(_not_a_list(layer, f"a single tensor of shape {shape}"))
    return [tuple(t.shape) for t in inputs]


def _is_shape(value: Any) -> bool:
    return isinstance(value, tuple) and all(
        d is None or isinstance(d, int) for d in value
    )


def check_shape_list(layer: Layer, input_shape: Any) -> list[tuple]:
    """The list of input shapes, or a learner-facing error for a wrong count."""
    if _is_shape(input_shape):
        raise ValueError(
            _not_a_list(layer, f"a single tensor of shape {fmt_shape(input_shape)}")
        )
    shapes = [tuple(s) for s in input_shape]
    low, high = type(layer).min_inputs, type(layer).max_inputs
    if len(shapes) < low or (high is not None and len(shapes) > high):
        raise ValueError(_not_a_list(layer, f"{len(shapes)} tensor(s)"))
    return shapes


def _not_a_list(layer: Layer, received: str) -> str:
    low, high = type(layer).min_inputs, type(layer).max_inputs
    count = f"exactly {low}" if low == high else f"at least {low}"
    kind = type(layer).__name__
    return (
        f"Layer '{layer.name}' ({kind}) expects a list of {count} tensors to merge, "
        f"but received {received}. Call it on a list: {kind}()([x1, x2])."
    )
