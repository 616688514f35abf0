"""ex01_custom_dense: write ``MyDense`` (``__init__``, ``build``, ``call``, ``get_config``).

Notebook: ``notebooks/02_layer_lifecycle.ipynb``; exercise
``exercises/ex01_custom_dense/``.

The learner defines ``MyDense(units, activation=None, use_bias=True, **kwargs)``,
a Layer computing ``activation(inputs @ kernel + bias)`` with a ``(input_dim,
units)`` kernel and a ``(units,)`` bias created in ``build``.
"""

from __future__ import annotations

import numpy as np

from kitlib.engine.input_layer import Input
from kitlib.engine.layer import Layer
from kitlib.grading.exercise import Exercise, Submission, fail
from kitlib.grading.exercises._helpers import array, close, require_class, shape_text
from kitlib.layers import Dense

EXERCISE = Exercise(
    "ex01_custom_dense",
    "A Dense layer of your own: build, call, get_config",
    names=("MyDense",),
    notebook="notebooks/02_layer_lifecycle.ipynb",
)


def _my_dense(sub: Submission) -> type:
    return require_class(sub.get("MyDense"), "MyDense", Layer, forbidden=(Dense,))


def _kernel_and_bias(layer: Layer) -> tuple:
    weights = list(layer.weights)
    kernels = [w for w in weights if len(w.shape) == 2]
    biases = [w for w in weights if len(w.shape) == 1]
    return (kernels[0] if kernels else None), (biases[0] if biases else None)


@EXERCISE.check("MyDense(4) stores its settings and creates no weights yet", points=1)
def creates_no_weights_in_init(sub: Submission) -> None:
    layer = _my_dense(sub)(4)
    if getattr(layer, "units", None) != 4:
        fail("MyDense(4).units should be 4: store the argument, self.units = units.")
    if layer.weights:
        fail(
            f"MyDense(4) already has {len(layer.weights)} weight(s) right after "
            "__init__, but the input size is not known yet. Create the weights in "
            "build(input_shape), which runs on the first call."
        )
    if layer.built:
        fail(
            "MyDense(4).built is True before any call: do not call build() in __init__."
        )


def _check_kernel(kernel: object, expected: tuple) -> None:
    if kernel is None:
        fail(
            "build() created no 2-D kernel. Add self.kernel = self.add_weight("
            "name='kernel', shape=(input_shape[-1], self.units))."
        )
    if tuple(kernel.shape) == expected[::-1]:
        fail(
            f"The kernel has shape {shape_text(kernel)}: it is transposed. kitlib and "
            f"Keras store a Dense kernel as (input_dim, units) = {expected}, so call() "
            "computes inputs @ kernel with no transpose."
        )
    if tuple(kernel.shape) != expected:
        fail(
            f"For inputs of shape (None, 3), MyDense(4)'s kernel should be {expected} "
            f"(input_dim, units), but it is {shape_text(kernel)}. input_dim is "
            "input_shape[-1]."
        )


@EXERCISE.check(
    "build((None, 3)) creates a (3, 4) kernel and a (4,) zero bias", points=2
)
def build_creates_kernel_and_bias(sub: Submission) -> None:
    layer = _my_dense(sub)(4)
    layer.build((None, 3))
    kernel, bias = _kernel_and_bias(layer)
    _check_kernel(kernel, (3, 4))
    if bias is None:
        fail(
            "build() created a kernel but no bias (the bias is forgotten). With "
            "use_bias=True add self.bias = self.add_weight(name='bias', "
            "shape=(self.units,), initializer='zeros')."
        )
    if tuple(bias.shape) != (4,):
        fail(
            f"The bias should have shape (units,) = (4,), but it is {shape_text(bias)}."
        )
    if np.any(array(bias) != 0):
        fail("The bias should start at zero: pass initializer='zeros' to add_weight.")
    if len(layer.weights) != 2:
        fail(
            f"MyDense(4) should have 2 weights after build, but it has {len(layer.weights)}."
        )
    no_bias = _my_dense(sub)(4, use_bias=False)
    no_bias.build((None, 3))
    if len(no_bias.weights) != 1:
        fail(
            f"MyDense(4, use_bias=False) should create only the kernel, but it has "
            f"{len(no_bias.weights)} weights. Create the bias only if self.use_bias."
        )


def _expected_output(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray | None):
    product = x @ (kernel if kernel.shape[0] == x.shape[-1] else kernel.T)
    return product if bias is None else product + bias


@EXERCISE.check("layer(x) computes activation(x @ kernel + bias)", points=2)
def call_computes_affine(sub: Submission) -> None:
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 3)).astype("float32")
    layer = _my_dense(sub)(4)
    output = layer(x)
    kernel, bias = _kernel_and_bias(layer)
    if kernel is None:
        fail("After layer(x) the layer has no kernel: create it in build().")
    expected = _expected_output(x, array(kernel), None if bias is None else array(bias))
    if bias is not None and tuple(bias.shape) == (4,):
        bias.assign(np.arange(1, 5, dtype="float32"))  # a bias that cannot hide
        output = layer(x)
        expected = _expected_output(x, array(kernel), array(bias))
        if close(output, expected - array(bias)):
            fail(
                "layer(x) returns x @ kernel without the bias: the bias is forgotten "
                "in call(). Add it: outputs = ops.matmul(inputs, self.kernel) + self.bias."
            )
    if tuple(getattr(output, "shape", ())) != (2, 4):
        fail(
            f"layer(x) on a (2, 3) batch should have shape (2, 4), not {shape_text(output)}."
        )
    if not close(output, expected):
        fail(
            "layer(x) does not equal x @ kernel + bias. Compute ops.matmul(inputs, self.kernel)."
        )
    relu_layer = _my_dense(sub)(4, activation="relu")
    relu_out = relu_layer(x)
    kernel, bias = _kernel_and_bias(relu_layer)
    linear = _expected_output(x, array(kernel), None if bias is None else array(bias))
    if not close(relu_out, np.maximum(linear, 0)):
        fail(
            "MyDense(4, activation='relu') does not apply relu: keep "
            "activations.get(activation) in __init__ and return "
            "self.activation(outputs) from call()."
        )


@EXERCISE.check("build runs once: later calls reuse the same weights", points=1)
def builds_once(sub: Submission) -> None:
    layer = _my_dense(sub)(4)
    x = np.ones((2, 3), dtype="float32")
    first = layer(x)
    weights = list(layer.weights)
    second = layer(x)
    third = layer(x)
    if len(layer.weights) != len(weights) or any(
        a is not b for a, b in zip(layer.weights, weights, strict=False)
    ):
        fail(
            f"After 3 calls the layer has {len(layer.weights)} weights (after the "
            f"first: {len(weights)}), and they were replaced between calls: build is "
            "called twice. __call__ builds once; do not call self.build() or "
            "add_weight() from call()."
        )
    if not (close(first, second) and close(second, third)):
        fail("Calling the layer again on the same input gave a different result.")


@EXERCISE.check(
    "calling it on Input(shape=(5,)) builds it and gives (None, 3)", points=1
)
def symbolic_call_builds_lazily(sub: Submission) -> None:
    layer = _my_dense(sub)(3)
    output = layer(Input(shape=(5,)))
    if tuple(output.shape) != (None, 3):
        fail(
            f"MyDense(3)(Input(shape=(5,))) should have shape (None, 3), but has "
            f"{shape_text(output)}. call() should only use kitlib.ops (they work on "
            "symbolic inputs)."
        )
    if not layer.built or not layer.weights:
        fail("After its first (symbolic) call the layer should be built, with weights.")


@EXERCISE.check("get_config() and from_config() round-trip the settings", points=1)
def config_round_trip(sub: Submission) -> None:
    cls = _my_dense(sub)
    layer = cls(7, activation="relu", use_bias=False, name="dense_config_check")
    config = layer.get_config()
    if not isinstance(config, dict):
        fail(
            f"get_config() should return a dict, but returned {type(config).__name__}."
        )
    missing = [
        k for k in ("name", "units", "activation", "use_bias") if k not in config
    ]
    if "name" in missing:
        fail(
            "get_config() has no 'name': start from the base class's config, "
            "config = super().get_config(), then add units, activation and use_bias."
        )
    if missing:
        fail(f"get_config() is missing {missing}: add every __init__ argument.")
    if callable(config["activation"]):
        fail(
            "config['activation'] is a function, which cannot be saved as JSON. "
            "Store its name: activations.serialize(self.activation)."
        )
    try:
        copy = cls.from_config(config)
    except TypeError as error:
        fail(
            f"MyDense.from_config(config) failed: {error}. The config holds name, "
            "trainable and dtype too: give __init__ a **kwargs parameter and pass it "
            "to super().__init__(**kwargs)."
        )
    if copy.get_config() != config:
        fail(
            "from_config(get_config()) made a layer whose config differs from the original."
        )
