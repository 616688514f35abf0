"""Replay ``map_graph``'s recorded steps: the stack and finished list at any step.

Notebook: ``notebooks/05_functional_models.ipynb``.

``kitlib.engine.graph.map_graph`` records ``("enter", node)`` when the
depth-first walk pushes a node and ``("finish", node)`` when all its parents
are done. Replaying the first *k* steps rebuilds the walk's state after *k*
steps; the explorer's slider and Prev/Next buttons move *k*.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kitlib.engine.node import Node


@dataclass
class WalkState:
    """The graph walk after ``step`` of its recorded steps."""

    step: int
    total: int
    action: str  # "start", "enter" or "finish"
    current: Node | None
    stack: list[Node]  # in progress: the path from an output down to here
    finished: list[Node]  # fully explored, in topological (run) order

    @property
    def done(self) -> bool:
        """Whether every step has been replayed."""
        return self.step == self.total


def replay_walk(steps: list[tuple[str, Node]], step: int) -> WalkState:
    """The walk after its first ``step`` steps (0 = not started; clipped)."""
    step = max(0, min(step, len(steps)))
    stack: list[Node] = []
    finished: list[Node] = []
    for action, node in steps[:step]:
        if action == "enter":
            stack.append(node)
        else:
            stack.remove(node)
            finished.append(node)
    action, current = steps[step - 1] if step else ("start", None)
    return WalkState(step, len(steps), action, current, stack, finished)


def describe_walk(
    state: WalkState,
    label: Callable[[Node], str],
    nodes_by_depth: dict[int, list[Node]],
) -> list[str]:
    """The walk state as lines of text: action, stack, finished list, depths."""
    lines = [f"step {state.step}/{state.total}: {_action_text(state, label)}"]
    stack = " -> ".join(label(n) for n in state.stack)
    lines.append("stack (in progress): " + (stack or "-"))
    finished = ", ".join(label(n) for n in state.finished)
    lines.append("finished (run order): " + (finished or "-"))
    if state.done:
        groups = [
            f"{depth}: {', '.join(label(n) for n in nodes)}"
            for depth, nodes in nodes_by_depth.items()
        ]
        lines.append("depths (outputs = 0): " + "; ".join(groups))
    else:
        lines.append("depths: assigned from the outputs back once the walk ends")
    return lines


def _action_text(state: WalkState, label: Callable[[Node], str]) -> str:
    if state.current is None:
        return "start at the outputs and follow _keras_history backwards"
    name = label(state.current)
    if state.action == "enter":
        return f"enter '{name}': push it and visit the nodes that made its inputs"
    return f"finish '{name}': all its parents are done, append it to the order"
