"""ex03_graph_walk: walk back from the outputs (seed 001's ``build_map_of_graph``).

Notebook: ``notebooks/04_nodes_and_history.ipynb``; exercise
``exercises/ex03_graph_walk/``.

The learner defines ``walk_back(outputs) -> list[Node]`` (every node the
outputs depend on, each once, parents before children, ``ValueError`` on a
cycle) and ``node_depths(nodes) -> {node: depth}`` (0 for nodes nothing
consumes; a parent is one deeper than its deepest child).
"""

from __future__ import annotations

from kitlib.engine.graph import map_graph
from kitlib.engine.input_layer import Input
from kitlib.engine.keras_tensor import KerasHistory
from kitlib.engine.node import Node
from kitlib.grading.exercise import Exercise, Submission, fail
from kitlib.grading.exercises._helpers import require_function, source_mentions
from kitlib.layers import Add, Dense

EXERCISE = Exercise(
    "ex03_graph_walk",
    "The graph walk: topological order, shared nodes, cycles and depths",
    names=("walk_back", "node_depths"),
    notebook="notebooks/04_nodes_and_history.ipynb",
)


def _walk(sub: Submission, outputs: list) -> list:
    walk_back = require_function(sub.get("walk_back"), "walk_back")
    used = source_mentions(walk_back, ("map_graph", "_nodes_by_depth", "run_order"))
    if used:
        fail(
            f"walk_back uses kitlib's own walk ({', '.join(used)}); write the "
            "depth-first walk yourself, from each tensor's _keras_history."
        )
    result = walk_back(outputs)
    if not isinstance(result, list) or not all(isinstance(n, Node) for n in result):
        fail(
            f"walk_back should return a list of Node objects, but returned "
            f"{type(result).__name__} {str(result)[:80]}. A tensor's node is "
            "layer._inbound_nodes[node_index], from tensor._keras_history."
        )
    return result


def _names(nodes: list) -> list[str]:
    return [node.operation.name for node in nodes]


def _check_order(nodes: list, expected: int) -> None:
    seen: set[int] = set()
    if len({id(n) for n in nodes}) != len(nodes):
        twice = sorted({n.operation.name for n in nodes if nodes.count(n) > 1})
        fail(
            f"walk_back returned nodes of {twice} more than once: a node reached by "
            "two paths was visited twice. Keep a set of finished nodes and skip them."
        )
    for node in nodes:
        late = [p.operation.name for p in node.parent_nodes if id(p) not in seen]
        if late:
            fail(
                f"In {_names(nodes)} the node of '{node.operation.name}' comes before "
                f"its parent(s) {late}: children before parents. Append a node only "
                "after visiting all its parents (post-order)."
            )
        seen.add(id(node))
    if len(nodes) != expected:
        fail(
            f"walk_back returned {len(nodes)} nodes ({_names(nodes)}), expected "
            f"{expected}. Include every node the outputs depend on, Input nodes too."
        )


@EXERCISE.check("a chain Input -> a -> b gives [input, a, b]", points=1)
def chain_in_order(sub: Submission) -> None:
    inputs = Input(shape=(3,), name="chain_in")
    outputs = Dense(2, name="b")(Dense(4, name="a")(inputs))
    nodes = _walk(sub, [outputs])
    _check_order(nodes, 3)


@EXERCISE.check("a diamond visits each node once, parents first", points=2)
def diamond_visits_each_node_once(sub: Submission) -> None:
    inputs = Input(shape=(3,), name="diamond_in")
    trunk = Dense(4, name="a")(inputs)
    merged = Add(name="merge")([Dense(4, name="b")(trunk), Dense(4, name="c")(trunk)])
    _check_order(_walk(sub, [merged]), 5)


@EXERCISE.check("a layer called twice contributes two nodes", points=1)
def shared_layer_keeps_both_nodes(sub: Submission) -> None:
    left, right = Input(shape=(3,), name="left"), Input(shape=(3,), name="right")
    shared = Dense(2, name="shared")
    merged = Add(name="merge")([shared(left), shared(right)])
    nodes = _walk(sub, [merged])
    if len(nodes) == 4 and _names(nodes).count("shared") == 1:
        fail(
            "Only one node of the shared layer is in the result: nodes were "
            "de-duplicated by layer. A shared layer has one node per call; skip "
            "finished *nodes*, not layers."
        )
    _check_order(nodes, 5)


@EXERCISE.check("several outputs share their common nodes", points=1)
def several_outputs(sub: Submission) -> None:
    inputs = Input(shape=(3,), name="multi_in")
    trunk = Dense(4, name="a")(inputs)
    outputs = [Dense(1, name="b")(trunk), Dense(2, name="c")(trunk)]
    _check_order(_walk(sub, outputs), 4)


def _cycle_hint(error: BaseException) -> str | None:
    if isinstance(error, RecursionError):
        return (
            "walk_back went round the cycle forever. Keep the nodes on the current "
            "path in an 'in progress' set: meeting one of them again is a cycle."
        )
    return None


@EXERCISE.check(
    "a cycle raises ValueError mentioning 'cycle'", points=2, explain=_cycle_hint
)
def cycle_raises(sub: Submission) -> None:
    inputs = Input(shape=(3,), name="cycle_in")
    hidden = Dense(3, name="a")(inputs)
    outputs = Dense(3, name="b")(hidden)
    original = inputs._keras_history
    # Hand-edit history: the input now claims to come from b, so a -> b -> a.
    inputs._keras_history = KerasHistory(outputs._keras_history.operation, 0, 0)
    try:
        sub.get("walk_back")([outputs])
    except ValueError as error:
        if "cycle" not in str(error).lower():
            fail(
                f"walk_back raised ValueError, but its message does not say 'cycle': {error}"
            )
        return
    finally:
        inputs._keras_history = original
    fail(
        "walk_back returned on a graph with a cycle (a -> b -> a). Keep an 'in "
        "progress' set of the nodes on the current path and raise ValueError('... "
        "cycle ...') when you meet one again."
    )


@EXERCISE.check("node_depths: outputs 0, a parent one deeper than its deepest child")
def depths_from_outputs(sub: Submission) -> None:
    node_depths = require_function(sub.get("node_depths"), "node_depths")
    inputs = Input(shape=(3,), name="depth_in")
    skip = Dense(3, name="a")(inputs)
    outputs = Add(name="merge")([Dense(3, name="b")(skip), skip])
    order = map_graph([inputs], [outputs]).nodes
    input_node = inputs._keras_history.operation._inbound_nodes[0]
    depths = node_depths([input_node, *order])
    if not isinstance(depths, dict):
        fail(
            f"node_depths should return a dict {{node: depth}}, not {type(depths).__name__}."
        )
    got = {node.operation.name: depths.get(node) for node in [input_node, *order]}
    expected = {"depth_in": 3, "a": 2, "b": 1, "merge": 0}
    if got.get("a") == 1:
        fail(
            f"Depths {got}: 'a' feeds both 'merge' (depth 0) and 'b' (depth 1), so it "
            "must be at depth 2. Take the largest: depth[parent] = max(depth[parent], "
            "depth[child] + 1), visiting children before parents."
        )
    if got != expected:
        fail(f"node_depths gave {got}, expected {expected}.")
