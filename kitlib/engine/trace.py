"""``kitlib.trace()``: record the Layer lifecycle in order, for notebooks and widgets.

Notebook: ``notebooks/02_layer_lifecycle.ipynb``.

Seed 000 shows the order of events with ``print`` calls; this recorder shows
the same order for any layer without editing it::

    with kitlib.trace() as t:
        Dense(3)(x)
    print(t)   # __call__ -> build -> add_weight kernel -> add_weight bias -> call
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

_recorders: list[Trace] = []


@dataclass
class TraceEvent:
    """One lifecycle step: ``kind`` is ``__call__``, ``build``, ``add_weight``,
    ``call`` or ``node``."""

    kind: str
    layer: str
    detail: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        extra = ", ".join(f"{key}={value}" for key, value in self.detail.items())
        return f"{self.layer}.{self.kind}({extra})"


class Trace:
    """The list of :class:`TraceEvent` recorded inside one ``with kitlib.trace()``."""

    def __init__(self) -> None:
        self.events: list[TraceEvent] = []

    def kinds(self, layer: str | None = None) -> list[str]:
        """Event kinds in order, optionally for one layer name only."""
        return [e.kind for e in self.events if layer is None or e.layer == layer]

    def __len__(self) -> int:
        return len(self.events)

    def __iter__(self) -> Iterator[TraceEvent]:
        return iter(self.events)

    def __str__(self) -> str:
        return "\n".join(f"{i:2d}. {event}" for i, event in enumerate(self.events, 1))


@contextlib.contextmanager
def trace() -> Iterator[Trace]:
    """Record lifecycle events of every layer called inside the block.

    Example:
        >>> import kitlib
        >>> with kitlib.trace() as t:
        ...     _ = kitlib.layers.Dense(2)(kitlib.Input((3,)))
        >>> t.kinds("dense")
        ['__call__', 'build', 'add_weight', 'add_weight', 'call', 'node']
    """
    recorder = Trace()
    _recorders.append(recorder)
    try:
        yield recorder
    finally:
        _recorders.remove(recorder)


def recording() -> bool:
    """Whether a ``trace()`` block is active (so callers can skip costly details)."""
    return bool(_recorders)


def emit(kind: str, layer: Any, **detail: Any) -> None:
    """Send one event to every active recorder (cheap no-op when none is active)."""
    if _recorders:
        event = TraceEvent(kind, layer.name, detail)
        for recorder in _recorders:
            recorder.events.append(event)
