"""``Input()`` and ``InputLayer``: where every functional graph starts.

Notebook: ``notebooks/01_tensors_and_graphs.ipynb``.

``Input(shape=(5,))`` creates an ``InputLayer`` and returns its symbolic output,
a ``KerasTensor`` of shape ``(None, 5)`` (``None`` = any batch size). Its node has
no inputs: walking a graph backwards stops there.
"""

from __future__ import annotations

from typing import Any

from kitlib.engine.keras_tensor import KerasTensor
from kitlib.engine.layer import Layer
from kitlib.engine.node import Node
from kitlib.utils.errors import fmt_shape


class InputLayer(Layer):
    """The layer behind ``Input()``: it only produces a placeholder tensor.

    Args:
        shape: shape of one sample (no batch axis), e.g. ``(28, 28, 1)``.
        batch_size: fixed batch size, or None for any.
        dtype: dtype of the data (default ``"float32"``).
        name: layer name (default ``input_layer``, ``input_layer_1``...).
        batch_shape: the full shape including the batch axis, instead of ``shape``.
    """

    def __init__(
        self,
        shape: Any = None,
        batch_size: int | None = None,
        dtype: Any = None,
        name: str | None = None,
        batch_shape: Any = None,
    ) -> None:
        super().__init__(name=name, dtype=dtype)
        if batch_shape is None:
            if shape is None:
                raise ValueError(
                    "Input() needs the shape of one sample, e.g. Input(shape=(5,)) "
                    "for vectors of 5 features, but received shape=None."
                )
            shape = (shape,) if isinstance(shape, int) else tuple(shape)
            batch_shape = (batch_size, *shape)
        batch_shape = tuple(batch_shape)
        if any(
            d is not None and (not isinstance(d, int) or d < 0) for d in batch_shape
        ):
            raise ValueError(
                f"Input() expects the shape to hold non-negative ints or None, but "
                f"received {fmt_shape(batch_shape[1:])}."
            )
        self.batch_shape = batch_shape
        self.built = True
        tensor = KerasTensor(batch_shape, self.dtype, name=self.name)
        Node(self, (), {}, tensor)

    def call(self, inputs: Any) -> Any:
        return inputs

    def get_config(self) -> dict:
        return {
            "batch_shape": list(self.batch_shape),
            "dtype": self.dtype,
            "name": self.name,
        }


def Input(  # noqa: N802 - Keras's name: Input looks like a class to the learner
    shape: Any = None,
    batch_size: int | None = None,
    dtype: Any = None,
    name: str | None = None,
    batch_shape: Any = None,
) -> KerasTensor:
    """A symbolic input tensor: the start of a functional model.

    Example:
        >>> x = Input(shape=(5,))
        >>> x.shape
        (None, 5)
        >>> x._keras_history.node_index, x._keras_history.tensor_index
        (0, 0)
    """
    layer = InputLayer(shape, batch_size, dtype, name, batch_shape)
    return layer._inbound_nodes[0].outputs[0]
