"""``FunctionalGraph``: a mapped graph that can be run on real data, node by node.

Notebook: ``notebooks/05_functional_models.ipynb``.

``Model(inputs, outputs)`` keeps one of these. Running it means: put the given
values in a table keyed by the input KerasTensors, then for every node (deepest
first) look up its input tensors in the table, call its layer or op, and store
the results under the node's output tensors. The outputs are read off at the
end. That table is the whole trick: the graph was drawn with placeholders, and
now real values take their seats.
"""

from __future__ import annotations

from typing import Any

from kitlib.engine.graph import GraphMap, map_graph
from kitlib.engine.input_spec import InputSpec
from kitlib.engine.keras_tensor import KerasTensor
from kitlib.utils.errors import fmt_shape, typo_hint
from kitlib.utils.nest import flatten, map_structure, pack_like


def _check_tensors(structure: Any, what: str) -> list[KerasTensor]:
    flat = flatten(structure)
    for item in flat:
        if not isinstance(item, KerasTensor):
            raise TypeError(
                f"Model(inputs, outputs) expects {what} to be symbolic tensors from "
                f"kitlib.Input(...) and layer calls, but received {type(item).__name__}. "
                "Build the graph first: x = Input(shape=...); y = Dense(...)(x); "
                "Model(inputs=x, outputs=y)."
            )
    return flat


class FunctionalGraph:
    """The inputs, outputs and mapped nodes of a functional model.

    Args:
        inputs: a KerasTensor, or a list/dict of them.
        outputs: a KerasTensor, or a list/dict of them.
    """

    def __init__(self, inputs: Any, outputs: Any) -> None:
        if isinstance(inputs, tuple):
            inputs = list(inputs)
        if isinstance(outputs, tuple):
            outputs = list(outputs)
        self.inputs_struct = inputs
        self.outputs_struct = outputs
        self.inputs = _check_tensors(inputs, "inputs")
        self.outputs = _check_tensors(outputs, "outputs")
        self.map: GraphMap = map_graph(self.inputs, self.outputs)

    @property
    def operations(self) -> list[Any]:
        """Every layer and op in the graph, inputs first, each once."""
        return self.map.operations

    def input_specs(self) -> list[InputSpec]:
        """One ``InputSpec`` per input: its rank and known dims."""
        return [InputSpec(shape=t.shape) for t in self.inputs]

    def run(self, inputs: Any) -> Any:
        """Compute the outputs for real ``inputs`` (same structure as the model's)."""
        values = self._flatten_inputs(inputs)
        table = {id(t): v for t, v in zip(self.inputs, values, strict=True)}
        for node in self.map.run_order():
            if node.is_input:
                continue
            args = map_structure(lambda x: _lookup(table, x), node.call_args)
            kwargs = map_structure(lambda x: _lookup(table, x), node.call_kwargs)
            results = flatten(node.operation(*args, **kwargs))
            for tensor, value in zip(node.outputs, results, strict=True):
                table[id(tensor)] = value
        return pack_like(self.outputs_struct, [table[id(t)] for t in self.outputs])

    def _flatten_inputs(self, inputs: Any) -> list[Any]:
        if isinstance(self.inputs_struct, dict):
            if not isinstance(inputs, dict):
                raise TypeError(
                    f"This model takes a dict of inputs with keys "
                    f"{list(self.inputs_struct)}, but received {type(inputs).__name__}."
                )
            missing = [k for k in self.inputs_struct if k not in inputs]
            if missing:
                raise ValueError(
                    f"The model's input dict is missing key '{missing[0]}'."
                    f"{typo_hint(missing[0], inputs)} Expected keys: "
                    f"{list(self.inputs_struct)}."
                )
            return [inputs[k] for k in self.inputs_struct]
        if isinstance(inputs, dict):
            names = [t.name for t in self.inputs]
            missing = [name for name in names if name not in inputs]
            if missing:
                raise ValueError(
                    f"The model's inputs are named {names}, but the input dict has no "
                    f"key '{missing[0]}'.{typo_hint(missing[0], inputs)} "
                    "Pass one array per input name (Input(..., name=...))."
                )
            return [inputs[name] for name in names]
        flat = [inputs] if not isinstance(inputs, list | tuple) else list(inputs)
        if len(flat) != len(self.inputs):
            expected = ", ".join(fmt_shape(t.shape) for t in self.inputs)
            raise ValueError(
                f"This model expects {len(self.inputs)} input(s) of shapes [{expected}], "
                f"but received {len(flat)}. Pass a list with one array per input."
            )
        return flat


def _lookup(table: dict[int, Any], value: Any) -> Any:
    if isinstance(value, KerasTensor):
        return table[id(value)]
    return value
