"""``Operation``: the callable base of ops and layers; eager or symbolic dispatch.

Notebook: ``notebooks/01_tensors_and_graphs.ipynb``.

Calling an operation on real tensors computes a value (``call``). Calling it on
symbolic ``KerasTensor``s computes only shapes (``compute_output_spec``) and
records a :class:`~kitlib.engine.node.Node`. That one branch is what lets
``x + y`` and ``Dense(3)(x)`` both join a functional model's graph.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from kitlib.engine.keras_tensor import KerasTensor
from kitlib.engine.node import Node
from kitlib.utils import naming
from kitlib.utils.nest import flatten

_shape_only_depth = [0]


@contextlib.contextmanager
def shape_only() -> Iterator[None]:
    """Inside this block symbolic calls infer shapes but record no Nodes.

    A layer's ``call`` is traced this way on KerasTensors: the ops inside it
    must not join the model graph, only the layer itself does.
    """
    _shape_only_depth[0] += 1
    try:
        yield
    finally:
        _shape_only_depth[0] -= 1


def in_shape_only() -> bool:
    """Whether a :func:`shape_only` block is active (symbolic calls record no Node)."""
    return _shape_only_depth[0] > 0


def any_symbolic(args: tuple, kwargs: dict) -> bool:
    """Whether a KerasTensor appears anywhere in ``args``/``kwargs``."""
    if not kwargs:
        # NOTE: a plain loop: this runs for every op and layer call, and the
        # usual flat argument list needs no walk through nested structures.
        for value in args:
            if isinstance(value, KerasTensor):
                return True
            if isinstance(value, list | tuple | dict):
                break
        else:
            return False
    return any(isinstance(x, KerasTensor) for x in flatten([list(args), kwargs]))


class Operation:
    """Something callable that can join a graph: the parent of ``Op`` and ``Layer``.

    Args:
        name: optional name; an automatic one (``add``, ``add_1``...) is given
            the first time it is needed.
    """

    def __init__(self, name: str | None = None) -> None:
        self._name = name
        self._inbound_nodes: list[Node] = []
        self._outbound_nodes: list[Node] = []

    @property
    def name(self) -> str:
        """The operation's name (assigned lazily, so eager ops stay cheap)."""
        if self._name is None:
            self._name = naming.auto_name(naming.to_snake_case(type(self).__name__))
        return self._name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if any_symbolic(args, kwargs):
            return self.symbolic_call(*args, **kwargs)
        return self.call(*args, **kwargs)

    def symbolic_call(self, *args: Any, **kwargs: Any) -> Any:
        """Infer the outputs' shapes, record a Node, and return the KerasTensors."""
        outputs = self.compute_output_spec(*args, **kwargs)
        if not _shape_only_depth[0]:
            Node(self, args, kwargs, outputs)
        return outputs

    def call(self, *args: Any, **kwargs: Any) -> Any:
        """Compute on real values. Subclasses implement this."""
        raise NotImplementedError(f"{type(self).__name__} must implement call().")

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> Any:
        """Return KerasTensor(s) describing the output. Subclasses implement this."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement compute_output_spec()."
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"
