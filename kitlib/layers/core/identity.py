"""``Identity``: returns its input unchanged (a placeholder in a graph).

Notebook: ``notebooks/04_nodes_and_history.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib.engine.layer import Layer


class Identity(Layer):
    """A layer that passes its input through unchanged.

    Useful as a named stand-in: in a functional model it still gets its own
    Node, so its output has its own ``_keras_history``.

    Input shape:
        Any.

    Output shape:
        Same as the input.

    Example:
        >>> Identity()([[1.0, 2.0]]).numpy().tolist()
        [[1.0, 2.0]]
    """

    def call(self, inputs: Any) -> Any:
        return inputs

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape
