"""``GradientTape``: record eager ops, then play them backwards (reverse-mode autodiff).

Notebook: ``notebooks/08_gradient_tape.ipynb``.

While a tape is active, every op that touches a *watched* tensor appends one
entry ``(op, inputs, output, ctx)``. ``tape.gradient(target, sources)`` walks
those entries from last to first and asks each op for its vector-Jacobian
product (VJP), accumulating gradients per tensor, exactly as TensorFlow does.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from kitlib.tensor import Tensor, Variable, to_array
from kitlib.utils.dtypes import is_float
from kitlib.utils.errors import fmt_shape
from kitlib.utils.nest import map_structure

_active_tapes: list[GradientTape] = []


@dataclass
class TapeEntry:
    """One recorded op call: enough to compute its VJP later."""

    op: Any
    inputs: tuple[Any, ...]
    output: Tensor
    ctx: Any


class GradientTape:
    """Records operations for automatic differentiation (TensorFlow semantics).

    Args:
        persistent: allow several ``gradient`` calls on one tape.
        watch_accessed_variables: watch trainable Variables automatically.

    Example:
        >>> from kitlib import ops
        >>> x = Variable(3.0)
        >>> with GradientTape() as tape:
        ...     y = x * x
        >>> float(tape.gradient(y, x))
        6.0
    """

    def __init__(
        self, persistent: bool = False, watch_accessed_variables: bool = True
    ) -> None:
        self.persistent = persistent
        self.watch_accessed_variables = watch_accessed_variables
        self._entries: list[TapeEntry] = []
        self._tracked: dict[int, Tensor] = {}  # id -> tensor that depends on a source
        self._watched_vars: dict[int, Variable] = {}
        self._recording = False
        self._used = False

    def __enter__(self) -> GradientTape:
        self._recording = True
        _active_tapes.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        self._recording = False
        if self in _active_tapes:
            _active_tapes.remove(self)

    def watch(self, tensor: Any) -> None:
        """Ensure ``tensor`` (or each tensor in a list) is traced by this tape."""
        for item in tensor if isinstance(tensor, list | tuple) else [tensor]:
            if not isinstance(item, Tensor):
                raise TypeError(
                    f"GradientTape.watch() expects a Tensor or Variable, but "
                    f"received {type(item).__name__}. Wrap the value with "
                    "kitlib.Tensor(...) or kitlib.Variable(...) first."
                )
            self._tracked[id(item)] = item
            if isinstance(item, Variable):
                self._watched_vars[id(item)] = item

    def watched_variables(self) -> list[Variable]:
        """The Variables this tape watched, in the order it first saw them."""
        return list(self._watched_vars.values())

    @contextlib.contextmanager
    def stop_recording(self) -> Iterator[None]:
        """Temporarily stop recording, e.g. for metrics inside a training step."""
        was = self._recording
        self._recording = False
        try:
            yield
        finally:
            self._recording = was

    def reset(self) -> None:
        """Forget everything recorded so far."""
        self._entries.clear()
        self._tracked.clear()
        self._watched_vars.clear()

    def _is_tracked(self, tensor: Any) -> bool:
        if not isinstance(tensor, Tensor):
            return False
        if id(tensor) in self._tracked:
            return True
        if (
            self.watch_accessed_variables
            and isinstance(tensor, Variable)
            and tensor.trainable
        ):
            self.watch(tensor)
            return True
        return False

    def _record(self, op: Any, inputs: tuple, output: Tensor, ctx: Any) -> None:
        tracked = [self._is_tracked(t) for t in inputs]  # visit all: auto-watch
        if any(tracked) and is_float(output.dtype):
            self._entries.append(TapeEntry(op, inputs, output, ctx))
            self._tracked[id(output)] = output

    def gradient(self, target: Any, sources: Any, output_gradients: Any = None) -> Any:
        """Gradients of ``target`` with respect to ``sources``.

        Args:
            target: a Tensor (non-scalar targets are summed, as in TF) or a
                list of Tensors (their gradients add up).
            sources: a Tensor/Variable, or a list, tuple or dict (nested too).
            output_gradients: optional upstream gradient(s) for ``target``.

        Returns:
            The gradients in the structure of ``sources``; ``None`` where a
            source does not influence ``target``.

        Raises:
            RuntimeError: on a second call of a non-persistent tape.
        """
        if self._used and not self.persistent:
            raise RuntimeError(
                "A non-persistent GradientTape can compute gradients only once, but "
                "gradient() was called a second time. Create the tape with "
                "GradientTape(persistent=True) to call gradient() several times."
            )
        self._used = True
        grads = self._backward(target, output_gradients)
        return map_structure(lambda s: _lookup(grads, s), sources)

    def _backward(self, target: Any, output_gradients: Any) -> dict[int, np.ndarray]:
        targets = list(target) if isinstance(target, list | tuple) else [target]
        seeds = (
            list(output_gradients)
            if isinstance(output_gradients, list | tuple)
            else [output_gradients] * len(targets)
        )
        grads: dict[int, np.ndarray] = {}
        for tensor, seed in zip(targets, seeds, strict=True):
            if not isinstance(tensor, Tensor):
                raise TypeError(
                    "GradientTape.gradient() expects the target to be a Tensor "
                    f"computed under the tape, but received {type(tensor).__name__}."
                )
            start = np.ones_like(tensor.value) if seed is None else to_array(seed)
            if start.shape != tensor.shape:
                raise ValueError(
                    f"output_gradients must match the target's shape "
                    f"{fmt_shape(tensor.shape)}, but received shape "
                    f"{fmt_shape(start.shape)}. Pass one upstream gradient per target."
                )
            _accumulate(grads, tensor, start)
        for entry in reversed(self._entries):
            upstream = grads.get(id(entry.output))
            if upstream is None:
                continue
            # Tell the op which inputs this tape wants gradients for (PyTorch's
            # ctx.needs_input_grad): matmul and conv2d skip the rest, e.g. the
            # gradient of a model's input data, which nobody asks for.
            entry.op.needs_input_grad = tuple(
                id(tensor) in self._tracked for tensor in entry.inputs
            )
            input_grads = entry.op.backward(entry.ctx, upstream)
            entry.op.needs_input_grad = None
            for tensor, grad in zip(entry.inputs, input_grads, strict=True):
                if grad is not None and id(tensor) in self._tracked:
                    _accumulate(grads, tensor, grad)
        return grads


def _accumulate(grads: dict[int, np.ndarray], tensor: Tensor, grad: Any) -> None:
    grad = np.asarray(grad)
    if grad.shape != tensor.shape:
        raise ValueError(
            f"Internal gradient shape mismatch: a tensor of shape "
            f"{fmt_shape(tensor.shape)} received a gradient of shape "
            f"{fmt_shape(grad.shape)}. The op's backward() must return one gradient "
            "per input with that input's shape."
        )
    grad = grad.astype(tensor.dtype, copy=False)
    key = id(tensor)
    grads[key] = grads[key] + grad if key in grads else grad


def _lookup(grads: dict[int, np.ndarray], source: Any) -> Tensor | None:
    if not isinstance(source, Tensor):
        raise TypeError(
            "GradientTape.gradient() expects sources to be Tensors or Variables, "
            f"but received {type(source).__name__}."
        )
    grad = grads.get(id(source))
    return None if grad is None else Tensor(grad)


def record(op: Any, inputs: tuple, output: Tensor, ctx: Any) -> None:
    """Record one eager op call on every recording tape (called by ``Op.call``)."""
    for tape in _active_tapes:
        if tape._recording:
            tape._record(op, inputs, output, ctx)


def is_recording() -> bool:
    """Whether any tape is recording right now (ops skip saving context otherwise)."""
    return any(tape._recording for tape in _active_tapes)
