"""A catalogue of learner mistakes and the errors that teach the fix.

Each case names the mistake, the exception type, and fragments the message must
contain: who (layer or model name), what was expected, what was received, and
the hint. Add a case here whenever a learner hits a confusing error.
"""

import numpy as np
import pytest

import kitlib
import kitlib.backend as K
from kitlib import Input, KerasTensor, Layer, Model, Sequential
from kitlib.layers import Dense, Dropout, Lambda, Reshape, add


def called_with_new_feature_size():
    layer = Dense(8)
    layer(np.ones((32, 3)))
    layer(np.ones((32, 4)))


def disconnected_graph():
    used, forgotten = Input((3,), name="used"), Input((3,), name="forgotten")
    Model(used, add([Dense(3)(used), forgotten]))


def hand_made_cycle():
    x = Input((3,))
    first = Dense(3, name="first")(x)
    second = Dense(3, name="second")(first)
    first._keras_history = second._keras_history  # first now "comes from" second
    Model(x, second)


def set_weights_transposed():
    layer = Dense(8, name="dense")
    layer(np.ones((1, 4)))
    layer.set_weights([np.ones((8, 4)), np.ones(8)])


def set_weights_wrong_count():
    layer = Dense(2)
    layer(np.ones((1, 3)))
    layer.set_weights([np.ones((3, 2))])


def output_of_never_called_layer():
    _ = Dense(2).output


def output_of_shared_layer():
    shared = Dense(2)
    shared(Input((3,)))
    shared(Input((3,)))
    _ = shared.output


def summary_of_unbuilt_sequential():
    Sequential([Dense(4), Dense(1)]).summary()


class ForgotSuper(Layer):
    def __init__(self, units):
        self.units = units  # no super().__init__() first

    def call(self, inputs):
        return inputs


class ForgotSuperSilently(Layer):
    def __init__(self):
        pass  # assigns nothing, so only the call notices


def forgotten_super_init():
    ForgotSuper(3)


def forgotten_super_init_then_call():
    ForgotSuperSilently()(np.ones((1, 2)))


def unknown_layer_keyword():
    Dense(4, activaton="relu")


def sample_without_batch_axis():
    Dense(2)(np.ones(5))


def weight_created_in_init():
    class EagerWeights(Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(None, 3), name="w")

    EagerWeights()(Input((3,)))


def tensor_not_from_input():
    Dense(2)(KerasTensor((None, 3)))


def numpy_array_as_model_output():
    Model(Input((3,)), np.ones(3))


def python_if_on_symbolic_tensor():
    if Input((3,)):
        pass


def numpy_in_call_without_output_shape():
    class NumpyLayer(Layer):
        def call(self, inputs):
            return np.tanh(np.asarray(inputs))

    NumpyLayer(name="numpy_layer")(Input((3,)))


def wrong_number_of_model_inputs():
    x = Input((3,))
    Model(x, Dense(1)(x))([np.ones((1, 3)), np.ones((1, 3))])


def add_a_layer_class():
    Sequential().add(Dense)


def merge_of_mismatched_shapes():
    add([Input((3,)), Input((4,))])


def reshape_to_wrong_size():
    Reshape((4, 4))(Input((10,)))


def dropout_rate_as_keep_probability():
    Dropout(1.0)


def lambda_with_numpy_and_no_output_shape():
    Lambda(lambda x: np.square(np.asarray(x)))(Input((2,)))


def unknown_layer_name():
    x = Input((3,))
    Model(x, Dense(1, name="output_dense")(x)).get_layer("output_dens")


def gradients_of_a_value():
    w = K.variable([1.0])
    K.gradients(K.sum(w), [w])


CASES = [
    (called_with_new_feature_size, ValueError,
     ["'dense' (Dense)", "built for inputs with 3 features", "(kernel shape (3, 8))",
      "shape (32, 4)", "create a new Dense layer for 4-feature inputs"]),
    (disconnected_graph, ValueError,
     ["Graph disconnected", "name=forgotten", "not among the model's inputs",
      "Add that Input to Model(inputs=[...])"]),
    (hand_made_cycle, ValueError,
     ["cycle", "layer 'second'", "depends on itself", "_keras_history"]),
    (set_weights_transposed, ValueError,
     ["Layer 'dense' (Dense)", "expects weights [kernel (4, 8), bias (8,)]",
      "received shapes [(8, 4), (8,)]", "Weight 0 'kernel' should be (4, 8)", ".T"]),
    (set_weights_wrong_count, ValueError,
     ["expects 2 weight arrays", "received 1"]),
    (output_of_never_called_layer, AttributeError,
     ["Layer 'dense'", "never been called", "Call it on a tensor from kitlib.Input"]),
    (output_of_shared_layer, AttributeError,
     ["called 2 times", "shared", "get_output_at(node_index)"]),
    (summary_of_unbuilt_sequential, ValueError,
     ["Sequential model 'sequential'", "not built", "model.build((None, 5))",
      "input_shape=(5,)"]),
    (forgotten_super_init, RuntimeError,
     ["ForgotSuper.__init__ assigned self.units", "super().__init__(**kwargs)"]),
    (forgotten_super_init_then_call, RuntimeError,
     ["ForgotSuperSilently", "never called super().__init__()"]),
    (unknown_layer_keyword, TypeError,
     ["Dense got an unexpected keyword argument 'activaton'",
      "Did you mean 'activation'?"]),
    (sample_without_batch_axis, ValueError,
     ["'dense' (Dense)", "at least 2 axes", "shape (5,)", "Remember the batch axis"]),
    (weight_created_in_init, ValueError,
     ["tried to create weight 'w' with shape (None, 3)", "build(input_shape)"]),
    (tensor_not_from_input, ValueError,
     ["was not made by Input() or by a layer", "kitlib.Input(shape=...)"]),
    (numpy_array_as_model_output, TypeError,
     ["expects outputs to be symbolic tensors", "received ndarray"]),
    (python_if_on_symbolic_tensor, TypeError,
     ["`if`/`bool()`", "is symbolic"]),
    (numpy_in_call_without_output_shape, TypeError,
     ["Layer 'numpy_layer' (NumpyLayer) could not run call()",
      "Define compute_output_shape(input_shape)"]),
    (wrong_number_of_model_inputs, ValueError,
     ["expects 1 input(s)", "called on 2"]),
    (add_a_layer_class, TypeError,
     ["expects a Layer instance", "forget the parentheses"]),
    (merge_of_mismatched_shapes, ValueError,
     ["Layer 'add' (Add)", "[(None, 3), (None, 4)]", "use Concatenate"]),
    (reshape_to_wrong_size, ValueError,
     ["Reshape layer 'reshape'", "shape (10,) (10 values)", "(4, 4) (16 values",
      "put -1"]),
    (dropout_rate_as_keep_probability, ValueError,
     ["Dropout layer 'dropout'", "[0, 1)", "rate=1.0", "fraction of inputs set to zero"]),
    (lambda_with_numpy_and_no_output_shape, TypeError,
     ["Lambda layer 'lambda' could not infer its output shape", "output_shape="]),
    (unknown_layer_name, ValueError,
     ["no layer named 'output_dens'", "Did you mean 'output_dense'?"]),
    (gradients_of_a_value, TypeError,
     ["expects a function that computes the loss", "GradientTape"]),
]  # fmt: skip


@pytest.mark.parametrize("mistake, error, fragments", CASES,
                         ids=[case[0].__name__ for case in CASES])  # fmt: skip
def test_learner_mistake_gets_a_teaching_error(mistake, error, fragments):
    with pytest.raises(error) as info:
        mistake()
    message = str(info.value).strip("'\"")
    missing = [fragment for fragment in fragments if fragment not in message]
    assert not missing, f"message lacks {missing}:\n{message}"
    assert message[-1] in ".?)", "a message ends as a sentence"


def test_axes_spec_on_an_unbuilt_layer_does_not_claim_it_was_built():
    class RGBOnly(kitlib.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.input_spec = kitlib.layers.InputSpec(ndim=4, axes={-1: 3})

    with pytest.raises(
        ValueError, match=r"must have size 3 on axis -1.*\(None, 8, 8, 4\)"
    ):
        RGBOnly(name="rgb")(kitlib.Input((8, 8, 4)))


def test_fixed_batch_size_mismatch_explains_the_fixed_dimension():
    x = kitlib.Input((5,), batch_size=4)
    model = kitlib.Model(x, kitlib.layers.Dense(2)(x))
    with pytest.raises(
        ValueError, match=r"expects shape \(4, 5\).*\(7, 5\).*batch size was fixed to 4"
    ):
        model(np.ones((7, 5), "float32"))


def test_float_of_a_symbolic_tensor_says_it_is_symbolic():
    with pytest.raises(TypeError, match="float\\(\\) needs actual numbers.*symbolic"):
        float(kitlib.ops.sum(kitlib.Input((3,))))


def test_from_config_without_kwargs_suggests_kwargs():
    class Scale(kitlib.Layer):
        def __init__(self, factor):
            super().__init__()
            self.factor = factor

        def call(self, x):
            return x * self.factor

    with pytest.raises(TypeError, match=r"Scale.from_config\(\).*\*\*kwargs"):
        Scale.from_config(Scale(2.0).get_config())


def test_dict_input_by_name_with_a_missing_key():
    a, b = kitlib.Input((2,), name="a"), kitlib.Input((2,), name="b")
    model = kitlib.Model([a, b], kitlib.layers.Add()([a, b]))
    with pytest.raises(
        ValueError, match=r"no key 'b'\. You passed 'bb': a typo of 'b'\?"
    ):
        model({"a": np.ones((1, 2)), "bb": np.ones((1, 2))})


def test_dict_key_typo_points_from_the_typo_to_the_expected_key():
    a, b = kitlib.Input((2,), name="title"), kitlib.Input((2,), name="body")
    model = kitlib.Model({"title": a, "body": b}, kitlib.layers.Add()([a, b]))
    with pytest.raises(
        ValueError, match=r"missing key 'title'\. You passed 'titel': a typo"
    ):
        model({"titel": np.ones((1, 2)), "body": np.ones((1, 2))})


def test_fixed_feature_shape_mismatch_talks_about_samples_not_batch():
    x = kitlib.Input((4,))
    model = kitlib.Model(x, kitlib.layers.Dense(1)(x))
    with pytest.raises(ValueError, match=r"Each sample must have shape \(4,\)"):
        model(np.ones((2, 5), "float32"))


def test_backend_function_takes_python_lists_one_per_input():
    a, b = K.placeholder(shape=(None, 1)), K.placeholder(shape=(None, 1))
    add_ab = K.function([a, b], [a + b])
    np.testing.assert_allclose(
        add_ab([[[3.0], [5.0]], [[1.0], [1.0]]])[0], [[4.0], [6.0]]
    )


def test_missing_channel_axis_suggests_adding_it():
    conv = kitlib.layers.Conv2D(4, 3)
    with pytest.raises(ValueError, match=r"One axis is missing.*x\[\.\.\., None\]"):
        conv(np.ones((2, 8, 8), "float32"))
