"""``Lambda``: wrap a plain function of tensors as a layer.

Notebook: ``notebooks/03_shapes_and_input_spec.ipynb``.

Saving note: a function is code, and kitlib never stores or runs code from a
file. ``get_config`` records only the function's name and module and marks the
config ``"unsafe"``; loading it back needs ``safe_mode=False`` and a function
that can be found again by name (see :meth:`Lambda.from_config`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from kitlib.engine.keras_tensor import KerasTensor
from kitlib.engine.layer import Layer
from kitlib.tensor import Tensor, convert_to_tensor
from kitlib.utils import registry
from kitlib.utils.nest import map_structure


class Lambda(Layer):
    """Applies ``function(inputs, **arguments)``; it has no weights.

    Write the function with ``kitlib.ops`` (or tensor operators) and it works
    eagerly, under a ``GradientTape`` and on symbolic inputs, where kitlib infers
    the output shape by tracing it. A function that needs real numbers (NumPy
    code) cannot be traced: give ``output_shape`` so the graph can still be built.

    Args:
        function: the function to apply; its first argument is the input
            (a tensor, or a list of tensors).
        output_shape: the output shape without the batch axis, as a tuple, or a
            function ``input_shape -> output_shape`` (full shapes). Only used
            when ``function`` cannot be traced symbolically.
        arguments: extra keyword arguments passed to ``function``.

    Example:
        >>> Lambda(lambda x: x * 2.0)([[1.0, 2.0]]).numpy().tolist()
        [[2.0, 4.0]]

    Keras note: Keras can store a function's bytecode; kitlib stores its name
    only, because loading bytecode from a file runs arbitrary code.
    """

    def __init__(
        self,
        function: Callable[..., Any],
        output_shape: Any = None,
        arguments: dict | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not callable(function):
            raise TypeError(
                f"Lambda layer '{self.name}' expects a function, but received "
                f"{type(function).__name__}. Pass the function itself, e.g. "
                "Lambda(lambda x: x * 2) or Lambda(ops.square)."
            )
        self.function = function
        # NOTE: `output_shape` is the read-only graph property of every layer.
        self._output_shape_arg = output_shape
        self.arguments = dict(arguments or {})

    def call(self, inputs: Any) -> Any:
        outputs = self.function(inputs, **self.arguments)
        # A NumPy-based function returns arrays; give the next layer Tensors.
        return map_structure(_as_tensor, outputs)

    def compute_output_shape(self, input_shape: Any) -> Any:
        given = self._output_shape_arg
        if callable(given):
            return given(input_shape)
        if given is not None:
            first = input_shape[0] if isinstance(input_shape, list) else input_shape
            return (first[0], *tuple(given))
        try:
            return super().compute_output_shape(input_shape)
        except TypeError as error:
            raise TypeError(
                f"Lambda layer '{self.name}' could not infer its output shape: "
                f"{error} Pass output_shape= (the shape of one output sample, e.g. "
                "output_shape=(3,)), or write the function with kitlib.ops."
            ) from None

    def get_config(self) -> dict:
        given = self._output_shape_arg
        if callable(given):
            given = _describe(given)
        elif given is not None:
            given = list(given)
        described = _describe(self.function)
        return {
            **super().get_config(),
            "function": described["name"],
            "function_module": described["module"],
            "output_shape": given,
            "arguments": dict(self.arguments),
            "unsafe": True,  # rebuilding it means calling code found by name
        }

    @classmethod
    def from_config(
        cls,
        config: dict,
        custom_objects: dict | None = None,
        safe_mode: bool | None = None,
    ) -> Lambda:
        """Rebuild from :meth:`get_config`, finding the function again by name.

        The function is looked up in ``custom_objects`` first, then in
        ``__main__`` (the notebook or script that defined it) when it was saved
        from there. Nothing is imported, and no other module is searched.

        Args:
            config: the dict from :meth:`get_config`.
            custom_objects: ``{"function_name": function}``.
            safe_mode: refuse (the default, also inside ``load_model``) unless
                False: rebuilding a Lambda means running a function by name.

        Raises:
            ValueError: in safe mode, for an anonymous ``lambda``, or for a
                function that cannot be found; the message says how to fix it.
        """
        if registry.in_safe_mode() if safe_mode is None else safe_mode:
            raise ValueError(
                f"Lambda layer '{config.get('name', 'lambda')}' refuses to load in safe "
                "mode: it would run a Python function found by name. If you trust the "
                "file, pass safe_mode=False and the function, e.g. load_model(path, "
                "safe_mode=False, custom_objects={'my_fn': my_fn})."
            )
        config = dict(config)
        config.pop("unsafe", None)
        name = config.get("name", "lambda")
        module = config.pop("function_module", None)
        config["function"] = _find(config["function"], module, custom_objects, name)
        shape = config.get("output_shape")
        if isinstance(shape, dict):
            config["output_shape"] = _find(
                shape["name"], shape["module"], custom_objects, name
            )
        elif shape is not None:
            config["output_shape"] = tuple(shape)
        return super().from_config(config)


def _as_tensor(value: Any) -> Any:
    if isinstance(value, Tensor | KerasTensor) or not hasattr(value, "shape"):
        return value
    return convert_to_tensor(value)


def _describe(function: Callable[..., Any]) -> dict:
    return {
        "name": getattr(function, "__name__", type(function).__name__),
        "module": getattr(function, "__module__", None),
    }


def _find(function_name: str, module: str | None, custom: Any, layer: str) -> Any:
    custom = custom or {}
    if function_name in custom:
        return custom[function_name]
    if function_name == "<lambda>":
        raise ValueError(
            f"Lambda layer '{layer}' was saved with an anonymous lambda function, "
            "which cannot be rebuilt from a name. Define it with def, e.g. "
            "def double(x): return x * 2, and pass custom_objects={'double': double} "
            "when loading (or rebuild the layer and load only the weights)."
        )
    # NOTE: only the learner's own script or notebook (``__main__``) is searched.
    # A file could otherwise name any imported function (``os.system``) and
    # have it called during the load.
    if module == "__main__":
        found = getattr(sys.modules.get("__main__"), function_name, None)
        if callable(found):
            return found
    raise ValueError(
        f"Lambda layer '{layer}' calls function '{function_name}' from module "
        f"'{module}', but kitlib only looks for it in custom_objects and in your own "
        "notebook or script (__main__). Pass custom_objects="
        f"{{'{function_name}': {function_name}}} when loading."
    )
