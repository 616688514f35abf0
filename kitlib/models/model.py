"""``Model``: a Layer that groups layers, built functionally or by subclassing.

Notebook: ``notebooks/05_functional_models.ipynb`` and ``07_subclassing.ipynb``.

Two ways to make one, decided explicitly in ``__init__`` (Keras hides this in
``Model.__new__``):

* ``Model(inputs, outputs)``: a functional model. The graph between the given
  symbolic tensors is mapped once (``engine/graph.py``) and replayed on data.
* ``class MyModel(Model)`` with ``__init__`` creating layers and ``call`` using
  them: a subclassed model. Layers assigned as attributes are tracked.
"""

from __future__ import annotations

from typing import Any

from kitlib.engine import operation
from kitlib.engine.functional import FunctionalGraph
from kitlib.engine.keras_tensor import KerasTensor
from kitlib.engine.layer import Layer
from kitlib.models.summary import print_summary
from kitlib.saving.model_saving import ModelSaving
from kitlib.training.trainer import Trainer
from kitlib.utils.errors import did_you_mean


class Model(Trainer, ModelSaving, Layer):
    """Groups layers into an object with training and inference features.

    Args:
        inputs: for a functional model, the ``Input()`` tensor(s) (list or dict).
        outputs: for a functional model, the output tensor(s) (list or dict).
        name: model name.

    Example:
        >>> import kitlib
        >>> x = kitlib.Input(shape=(3,))
        >>> y = kitlib.layers.Dense(2)(x)
        >>> model = Model(inputs=x, outputs=y)
        >>> [layer.name for layer in model.layers]
        ['input_layer', 'dense']
    """

    def __init__(self, inputs: Any = None, outputs: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._functional: FunctionalGraph | None = None
        if (inputs is None) != (outputs is None):
            raise ValueError(
                "Model(inputs, outputs) needs both inputs and outputs for a functional "
                f"model, but received inputs={inputs!r} and outputs={outputs!r}. "
                "Subclassed models pass neither."
            )
        if inputs is not None:
            self._init_functional(inputs, outputs)

    def _init_functional(self, inputs: Any, outputs: Any) -> None:
        self._functional = FunctionalGraph(inputs, outputs)
        self._graph_layers = [
            op for op in self._functional.operations if isinstance(op, Layer)
        ]
        specs = self._functional.input_specs()
        structure = self._functional.inputs_struct
        if isinstance(structure, dict):  # checked by key, whatever the call's order
            self.input_spec = dict(zip(structure, specs, strict=True))
        else:
            self.input_spec = specs[0] if len(specs) == 1 else specs
        self.built = True

    # --- running ---------------------------------------------------------------
    def call(self, inputs: Any, training: Any = None) -> Any:
        """Run the functional graph, or (in a subclass) your own computation."""
        if self._functional is None:
            raise NotImplementedError(
                f"Model '{self.name}' has no graph and {type(self).__name__} does not "
                "define call(). Either build it functionally, Model(inputs=x, "
                "outputs=y), or subclass Model and write call(self, inputs)."
            )
        return self._functional.run(inputs)

    def _build_once(self, inputs: Any) -> None:
        # A subclassed model's sub-layers build themselves during its first call.
        if not self.built:
            self._build_input_shape = [getattr(t, "shape", None) for t in [inputs]][0]
            self.built = True

    def build(self, input_shape: Any) -> None:
        """Build a subclassed model by tracing ``call`` on a symbolic input.

        Example: ``model.build((None, 3))`` creates every sub-layer's weights.
        """
        if self._functional is not None:
            return
        tensor = KerasTensor(tuple(input_shape), self.dtype)
        with operation.shape_only():
            self.call(tensor)
        self._build_input_shape = tuple(input_shape)
        self.built = True

    # --- the graph, read back ----------------------------------------------------
    @property
    def layers(self) -> list[Layer]:
        """The model's layers: graph order for functional models, else attributes."""
        if self._functional is not None:
            return list(self._graph_layers)
        return self._layers

    def get_layer(self, name: str | None = None, index: int | None = None) -> Layer:
        """Find a layer by ``name`` or by position ``index`` in ``model.layers``.

        Raises:
            ValueError: if neither or no such layer is given.
        """
        layers = self.layers
        if index is not None:
            if not -len(layers) <= index < len(layers):
                raise ValueError(
                    f"Model '{self.name}' has {len(layers)} layers, so index must be "
                    f"in 0..{len(layers) - 1}, but received {index}."
                )
            return layers[index]
        if name is None:
            raise ValueError("get_layer() needs a name= or an index=.")
        for layer in layers:
            if layer.name == name:
                return layer
        names = [layer.name for layer in layers]
        raise ValueError(
            f"Model '{self.name}' has no layer named '{name}'."
            f"{did_you_mean(name, names)} Its layers are: {', '.join(names)}."
        )

    def summary(
        self,
        line_length: int | None = None,
        positions: Any = None,
        print_fn: Any = None,
        expand_nested: bool = False,
    ) -> None:
        """Print a table of the layers: name (type), output shape, parameter count.

        See :func:`kitlib.models.summary.format_summary` for the arguments;
        ``print_fn`` receives one line at a time (default ``print``).
        """
        print_summary(self, line_length, positions, print_fn, expand_nested)

    def _require_graph(self, attr: str) -> FunctionalGraph:
        if self._functional is None:
            raise AttributeError(
                f"Model '{self.name}' ({type(self).__name__}) has no fixed {attr}: it "
                "is not a functional model. Subclassed models only know their inputs "
                f"when called; build one with Model(inputs, outputs) to use .{attr}."
            )
        return self._functional

    @property
    def inputs(self) -> list[KerasTensor]:
        """The model's input tensors, as a list."""
        return list(self._require_graph("inputs").inputs)

    @property
    def outputs(self) -> list[KerasTensor]:
        """The model's output tensors, as a list."""
        return list(self._require_graph("outputs").outputs)

    @property
    def input(self) -> Any:
        """The input tensor(s), in the structure given to ``Model``."""
        return self._require_graph("input").inputs_struct

    @property
    def output(self) -> Any:
        """The output tensor(s), in the structure given to ``Model``."""
        return self._require_graph("output").outputs_struct

    @property
    def input_shape(self) -> Any:
        """Shape(s) of the model inputs."""
        shapes = [t.shape for t in self.inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self) -> Any:
        """Shape(s) of the model outputs."""
        shapes = [t.shape for t in self.outputs]
        return shapes[0] if len(shapes) == 1 else shapes
