"""A functional model's graph <-> config: layers once, then the calls in order.

Notebook: ``notebooks/13_saving_and_config.ipynb``.

``Model(inputs, outputs).get_config()`` is a recipe for drawing the same
graph again::

    {"name": "model", "trainable": true,
     "layers": [{"class_name": "InputLayer", "name": "x", "config": {...}},
                {"class_name": "Dense", "name": "dense", "config": {...}},
                {"class_name": "Add", "kind": "op", "name": "add", "config": {}}],
     "nodes": [{"layer": "dense", "node_index": 0,
                "args": [<tensor ["x", 0, 0]>], "kwargs": {}},
               {"layer": "add", "node_index": 0, "args": [...], "kwargs": {}}],
     "input_layers": ["x", 0, 0], "output_layers": ["add", 0, 0]}

Every layer (or op, such as the ``Add`` behind ``x + y``) appears once in
``layers``. ``nodes`` lists each call in an order where every call comes after
the calls that made its inputs. A symbolic tensor is written as
``[layer_name, node_index, tensor_index]``: which call of which layer made
it, and which of that call's outputs it is. ``node_index`` counts only this
model's calls of the layer: a layer may also have been called in other
graphs (a nested model's layers are, for one), and those calls are not ours.
Replaying ``nodes`` with fresh layers draws the same graph.
"""

from __future__ import annotations

import inspect
from typing import Any

from kitlib.engine.input_layer import InputLayer
from kitlib.engine.keras_tensor import KerasTensor
from kitlib.engine.operation import Operation
from kitlib.ops._op import OP_REGISTRY, Op
from kitlib.saving.json_values import decode, encode
from kitlib.saving.serialization import deserialize_layer, serialize_layer
from kitlib.utils.errors import did_you_mean
from kitlib.utils.nest import flatten, map_structure

_KEYS = ("layers", "nodes", "input_layers", "output_layers")


def is_functional_config(config: Any) -> bool:
    """Whether ``config`` describes a graph (rather than constructor arguments)."""
    return isinstance(config, dict) and all(key in config for key in _KEYS)


def get_functional_config(model: Any) -> dict:
    """The graph of functional ``model`` as a JSON-ready dict (see module doc)."""
    graph = model._functional
    references: dict[int, list] = {}
    for tensor in graph.inputs:
        operation = tensor._keras_history.operation
        if not isinstance(operation, InputLayer):
            raise NotImplementedError(
                f"Model '{model.name}' has an input made by '{operation.name}' "
                f"({type(operation).__name__}), not by Input(), so its graph cannot "
                "be saved. Start the model from kitlib.Input(...) tensors."
            )
        references[id(tensor)] = [operation.name, 0, 0]
    operations = _unique_operations(model, graph)
    counts: dict[int, int] = {}
    nodes = []
    for node in graph.map.nodes:  # parents always come before children
        operation = node.operation
        node_index = counts.get(id(operation), 0)
        counts[id(operation)] = node_index + 1
        nodes.append(_node_entry(node, node_index, references, model.name))
        for tensor_index, tensor in enumerate(node.outputs):
            references[id(tensor)] = [operation.name, node_index, tensor_index]
    return {
        "name": model.name,
        "trainable": model.trainable,
        "layers": [_operation_entry(op) for op in operations],
        "nodes": nodes,
        "input_layers": map_structure(lambda t: references[id(t)], graph.inputs_struct),
        "output_layers": map_structure(
            lambda t: references[id(t)], graph.outputs_struct
        ),
    }


def functional_from_config(cls: type, config: dict) -> Any:
    """Replay a functional config: create the layers, call them, make ``cls``."""
    replay = _Replay(config.get("name"))
    for entry in config["layers"]:
        replay.add_operation(entry)
    for entry in config["nodes"]:
        replay.call(entry)
    return cls(
        inputs=_decode_structure(config["input_layers"], replay.lookup),
        outputs=_decode_structure(config["output_layers"], replay.lookup),
        name=config.get("name"),
        trainable=config.get("trainable", True),
    )


class _Replay:
    """The state of a replay: operations by name, tensors by reference."""

    def __init__(self, model_name: Any) -> None:
        self.model_name = model_name
        self.operations: dict[str, Any] = {}
        self.tensors: dict[tuple, KerasTensor] = {}
        self.counts: dict[str, int] = {}

    def add_operation(self, entry: dict) -> None:
        """Create one layer or op; an InputLayer's tensor is available at once."""
        operation = _operation_from_entry(entry)
        name = entry.get("name", operation.name)
        self.operations[name] = operation
        if isinstance(operation, InputLayer):
            self.tensors[(name, 0, 0)] = operation._inbound_nodes[0].outputs[0]

    def lookup(self, reference: list) -> KerasTensor:
        """The tensor that ``[layer, node_index, tensor_index]`` names."""
        key = tuple(reference)
        if key not in self.tensors:
            raise ValueError(
                f"Model '{self.model_name}' config refers to tensor {list(key)} "
                "([layer, node_index, tensor_index]) before any call made it. The "
                "config is damaged or hand-edited: each call must come after the "
                "calls that produce its inputs."
            )
        return self.tensors[key]

    def call(self, entry: dict) -> None:
        """Call one operation on its (decoded) arguments; remember its outputs."""
        name = entry["layer"]
        operation = _known(self.operations, name, self.model_name)
        node_index = self.counts.get(name, 0)
        self.counts[name] = node_index + 1
        if entry.get("node_index", node_index) != node_index:
            raise ValueError(
                f"Model '{self.model_name}' config lists call "
                f"{entry.get('node_index')} of '{name}' where call {node_index} was "
                "expected. Calls of one layer must appear in node_index order."
            )
        args = decode(entry.get("args", []), self.lookup)
        kwargs = decode(entry.get("kwargs", {}), self.lookup)
        outputs = flatten(operation(*args, **kwargs))
        symbolic = [tensor for tensor in outputs if isinstance(tensor, KerasTensor)]
        for tensor_index, tensor in enumerate(symbolic):
            self.tensors[(name, node_index, tensor_index)] = tensor


# --- one entry of "layers" ------------------------------------------------------
def _operation_entry(operation: Any) -> dict:
    if isinstance(operation, Op):
        attributes = {k: v for k, v in vars(operation).items() if not k.startswith("_")}
        who = f"Op '{operation.name}' ({type(operation).__name__}) attributes"
        return {
            "module": "kitlib.ops",
            "class_name": type(operation).__name__,
            "kind": "op",
            "name": operation.name,
            "config": encode(attributes, who),
        }
    return {**serialize_layer(operation), "name": operation.name}


def _operation_from_entry(entry: dict) -> Any:
    if entry.get("kind") != "op":
        return deserialize_layer(entry)
    classes = {cls.__name__: cls for cls in OP_REGISTRY.values()}
    cls = classes.get(entry.get("class_name"))
    if cls is None:
        name = str(entry.get("class_name"))
        raise ValueError(
            f"Cannot load op '{name}': it is not in kitlib.ops."
            f"{did_you_mean(name, classes)} Graph ops are restored only from "
            "kitlib.ops; the file may come from a newer kitlib."
        )
    operation = _make_op(cls, decode(entry.get("config", {})))
    operation._name = entry.get("name")
    return operation


def _make_op(cls: type, attributes: dict) -> Op:
    """``cls(**attributes)`` when ``__init__`` takes those names, else restore them."""
    parameters = inspect.signature(cls.__init__).parameters
    if set(attributes) <= set(parameters) - {"self"}:
        return cls(**attributes)
    # The op stores normalized values under other names (Tile keeps ``repeats``
    # for its ``reps`` argument...): put the saved attributes back as they were.
    operation = cls.__new__(cls)
    Operation.__init__(operation)
    operation.__dict__.update(attributes)
    return operation


# --- helpers ----------------------------------------------------------------------
def _unique_operations(model: Any, graph: Any) -> list[Any]:
    by_name: dict[str, Any] = {}
    for operation in graph.operations:
        other = by_name.setdefault(operation.name, operation)
        if other is not operation:
            raise ValueError(
                f"Model '{model.name}' has two different layers named "
                f"'{operation.name}', but a saved graph refers to layers by name. Give "
                "every layer a unique name (or let kitlib pick names) before saving."
            )
    return list(by_name.values())


def _node_entry(node: Any, node_index: int, references: dict, model_name: str) -> dict:
    def reference(tensor: KerasTensor) -> list:
        if id(tensor) not in references:
            raise ValueError(
                f"Model '{model_name}': a call of '{node.operation.name}' uses "
                f"{tensor!r}, which is not made inside this model's graph."
            )
        return references[id(tensor)]

    who = f"Call {node_index} of '{node.operation.name}'"
    return {
        "layer": node.operation.name,
        "node_index": node_index,
        "args": encode(list(node.call_args), f"{who} args", reference),
        "kwargs": encode(node.call_kwargs, f"{who} kwargs", reference),
    }


def _known(operations: dict, name: str, model_name: Any) -> Any:
    if name not in operations:
        raise ValueError(
            f"Model '{model_name}' config calls layer '{name}', which is not in its "
            f"'layers' list.{did_you_mean(name, operations)} The config is damaged "
            "or hand-edited."
        )
    return operations[name]


def _is_reference(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 3 and isinstance(value[0], str)


def _decode_structure(value: Any, lookup: Any) -> Any:
    if _is_reference(value):
        return lookup(value)
    if isinstance(value, list):
        return [_decode_structure(v, lookup) for v in value]
    if isinstance(value, dict):
        return {key: _decode_structure(v, lookup) for key, v in value.items()}
    raise ValueError(
        f"A model's input_layers/output_layers must hold [layer, node_index, "
        f"tensor_index] references, lists or dicts of them, but received {value!r}."
    )


__all__ = ["functional_from_config", "get_functional_config", "is_functional_config"]
