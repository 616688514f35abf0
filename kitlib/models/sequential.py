"""``Sequential``: a plain stack of layers, each feeding the next.

Notebook: ``notebooks/06_sequential.ipynb``.

A Sequential model is a functional model whose graph is a single chain. As
soon as the input shape is known (an ``Input``/``InputLayer`` first, or
``input_shape=`` on the first layer) the chain is drawn on symbolic tensors:
every ``add`` calls the new layer on the current output, so each layer gets
exactly one Node. Without a shape the model waits: ``build(input_shape)`` or
the first call on data draws the chain then (a *deferred* build).
"""

from __future__ import annotations

from typing import Any

from kitlib.engine.functional import FunctionalGraph
from kitlib.engine.input_layer import InputLayer
from kitlib.engine.keras_tensor import KerasTensor
from kitlib.engine.layer import Layer
from kitlib.models.model import Model
from kitlib.saving.serialization import deserialize_layer, serialize_layer
from kitlib.utils.errors import describe


class Sequential(Model):
    """A linear stack of layers: one input, one output, each layer after the last.

    Args:
        layers: optional list of layers (an ``Input()`` tensor or ``InputLayer``
            may come first).
        name: the model's name (default ``sequential``, ``sequential_1``...).
        trainable: whether training updates the weights.

    Example:
        >>> from kitlib.layers import Dense
        >>> model = Sequential([Dense(4, input_shape=(3,), name="hidden"), Dense(2)])
        >>> model.output_shape
        (None, 2)
        >>> model.layers[0].name, len(model.layers)
        ('hidden', 2)

    Keras note: as in Keras, ``model.layers`` leaves out the InputLayer.
    """

    def __init__(
        self,
        layers: list | None = None,
        name: str | None = None,
        trainable: bool = True,
    ) -> None:
        super().__init__(name=name, trainable=trainable)
        self._seq_layers: list[Layer] = []
        self._input_layer: InputLayer | None = None
        for layer in layers or []:
            self.add(layer)

    # --- changing the stack --------------------------------------------------
    def add(self, layer: Any) -> None:
        """Append ``layer`` on top of the stack (and to the graph, if it is drawn).

        Raises:
            TypeError: if ``layer`` is not a Layer (or an ``Input()`` tensor).
            ValueError: for an input placed after other layers, or a duplicate name.
        """
        layer = self._as_layer(layer)
        if isinstance(layer, InputLayer):
            if self._seq_layers or self._input_layer is not None:
                raise ValueError(
                    f"Sequential model '{self.name}' already has "
                    f"{'layers' if self._seq_layers else 'an input'}, but add() "
                    f"received the input layer '{layer.name}'. An Input can only be "
                    "the first element of a Sequential model."
                )
            self._input_layer = layer
            return
        names = [known.name for known in self._seq_layers]
        if layer.name in names:
            raise ValueError(
                f"Sequential model '{self.name}' already has a layer named "
                f"'{layer.name}', but add() received another one. Layer names must be "
                "unique within a model; pass name='...' to tell them apart."
            )
        if self._functional is not None:
            output = layer(self._functional.outputs[0])  # may raise: then not added
            self._seq_layers.append(layer)
            self._init_functional(self._functional.inputs[0], output)
            return
        self._seq_layers.append(layer)
        if len(self._seq_layers) == 1 and self._known_input_shape() is not None:
            self._draw_graph(self._known_input_shape())

    def pop(self) -> Layer:
        """Remove the last layer and return it (the graph ends one layer earlier).

        Raises:
            TypeError: if the model has no layers (Keras's error type).
        """
        if not self._seq_layers:
            raise TypeError(f"Sequential model '{self.name}' has no layers to pop.")
        layer = self._seq_layers.pop()
        if self._functional is not None:
            node = _node_of(self._functional.outputs[0])
            _detach(node)
            if self._seq_layers:
                self._init_functional(self._functional.inputs[0], node.input_tensors[0])
            else:  # back to an empty, unbuilt stack (the input is kept)
                self._functional, self._graph_layers, self.built = None, [], False
        return layer

    def _as_layer(self, value: Any) -> Layer:
        if isinstance(value, KerasTensor):
            history = value._keras_history
            if history is not None and isinstance(history.operation, InputLayer):
                return history.operation
            made_by = f"layer '{history.operation.name}'" if history else "nothing"
            raise TypeError(
                f"Sequential.add() accepts a tensor only when it comes from Input(), "
                f"but received {value!r}, made by {made_by}. Add the layer itself "
                "instead, or build a functional Model(inputs, outputs) for graphs."
            )
        if isinstance(value, Layer):
            return value
        hint = ""
        if isinstance(value, type) and issubclass(value, Layer):
            hint = (
                f" Did you forget the parentheses? {value.__name__}(...) creates one."
            )
        raise TypeError(
            f"Sequential.add() expects a Layer instance such as Dense(4), but received "
            f"{describe(value)}.{hint}"
        )

    # --- building ------------------------------------------------------------
    def _known_input_shape(self) -> tuple | None:
        if self._input_layer is not None:
            return tuple(self._input_layer.batch_shape)
        if not self._seq_layers:
            return None
        first = self._seq_layers[0]
        if first._batch_input_shape is not None:
            return tuple(first._batch_input_shape)
        graph = getattr(first, "_functional", None)  # a built model as first layer
        if graph is not None and len(graph.inputs) == 1:
            return tuple(graph.inputs[0].shape)
        return None

    def _draw_graph(self, batch_shape: tuple) -> None:
        """Call every layer, in order, on a symbolic input of ``batch_shape``."""
        previous = self._input_layer
        if (
            self._input_layer is None
            or tuple(self._input_layer.batch_shape) != batch_shape
        ):
            self._input_layer = InputLayer(batch_shape=batch_shape)
        inputs = outputs = self._input_layer._inbound_nodes[0].outputs[0]
        try:
            for layer in self._seq_layers:
                outputs = layer(outputs)
        except Exception:
            self._input_layer = previous
            raise
        self._init_functional(inputs, outputs)

    def build(self, input_shape: Any = None) -> None:
        """Draw the graph for inputs of ``input_shape`` (with the batch axis).

        Example: ``model.build((None, 5))`` for samples of 5 features.

        Raises:
            ValueError: if no shape is given and none is known.
        """
        if self._functional is not None:
            return
        shape = self._known_input_shape() if input_shape is None else input_shape
        if shape is None:
            raise ValueError(
                f"Sequential model '{self.name}'.build() needs the input shape, "
                "batch axis included, but received none and the first layer has no "
                "input_shape=. Call model.build((None, 5)) for samples of 5 features."
            )
        shape = tuple(shape)
        if not self._seq_layers:
            raise ValueError(
                f"Sequential model '{self.name}' has no layers to build. Add layers "
                "with model.add(...) first."
            )
        self._draw_graph(shape)

    def _build_once(self, inputs: Any) -> None:
        # The deferred build: the first data fixes the input shape (any batch size).
        if self._functional is None:
            self.build((None, *tuple(inputs.shape)[1:]))

    # --- reading it back -----------------------------------------------------
    @property
    def layers(self) -> list[Layer]:
        """The stacked layers, in order (the InputLayer is not included)."""
        return list(self._seq_layers)

    def _require_graph(self, attr: str) -> FunctionalGraph:
        if self._functional is None:
            # AttributeError, as for any missing attribute, so hasattr() works.
            raise AttributeError(self._not_built_message(attr))
        return self._functional

    def _not_built_message(self, what: str) -> str:
        return (
            f"Sequential model '{self.name}' is not built yet, so it has no {what}: "
            "without an input shape its layers have no weights or output shapes. "
            "Call model.build((None, 5)) with your input shape, give the first "
            "layer input_shape=(5,), start with kitlib.Input(shape=(5,)), or call the "
            "model on a batch of data."
        )

    def summary(self, *args: Any, **kwargs: Any) -> None:
        """Print the layer table (see :meth:`Model.summary`).

        Raises:
            ValueError: before the model is built (no shapes to show yet).
        """
        if self._functional is None:
            raise ValueError(self._not_built_message("summary to show"))
        super().summary(*args, **kwargs)

    # --- config --------------------------------------------------------------
    def get_config(self) -> dict:
        """``name``, ``trainable`` and each layer's class name and config."""
        layers = [serialize_layer(layer) for layer in self._seq_layers]
        config = {"name": self.name, "trainable": self.trainable, "layers": layers}
        if self._functional is not None:
            config["build_input_shape"] = list(self._functional.inputs[0].shape)
        return config

    @classmethod
    def from_config(
        cls, config: dict, custom_objects: dict | None = None
    ) -> Sequential:
        """Rebuild from :meth:`get_config`; layers go through ``deserialize_layer``.

        So the load's ``safe_mode`` and registered custom classes apply to every
        layer inside, exactly as for functional models.
        """
        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        for entry in config["layers"]:
            model.add(deserialize_layer(entry, custom_objects))
        if config.get("build_input_shape") is not None:
            model.build(tuple(config["build_input_shape"]))
        return model


def _node_of(tensor: KerasTensor) -> Any:
    history = tensor._keras_history
    return history.operation._inbound_nodes[history.node_index]


def _detach(node: Any) -> None:
    """Forget a Node made by this model, so a popped layer is as good as new."""
    if node.operation._inbound_nodes and node.operation._inbound_nodes[-1] is node:
        node.operation._inbound_nodes.pop()
    for parent in node.inbound_layers:
        if node in parent._outbound_nodes:
            parent._outbound_nodes.remove(node)
