"""The Layer lifecycle: seed 000's layer, build once, trace order, training, losses."""

import numpy as np
import pytest

import kitlib
from kitlib import Input, Layer, Model, regularizers
from kitlib.layers import Dense, Dropout
from kitlib.ops import matmul


class MyDenseLayer(Layer):
    """Seed 000's custom layer, with ``tf`` replaced by kitlib (and NumPy's dtype)."""

    def __init__(self, nodes):
        super(MyDenseLayer, self).__init__()  # noqa: UP008 - as the seed writes it
        self.num_outputs = nodes

    def build(self, input_shape):
        print("=" * 20)
        print("we are here in build")
        self.kernel = self.add_weight(
            "kernel", shape=[int(input_shape[-1]), self.num_outputs], dtype=np.float32
        )

    def call(self, input):  # noqa: A002 - the seed's argument name
        print("=" * 20)
        print("we are here in call")
        return matmul(input, self.kernel)


def test_seed000_build_runs_once_then_call(capsys):
    input_layer = Input(shape=(5,))
    dense_layer = MyDenseLayer(nodes=10)
    assert dense_layer.weights == [] and not dense_layer.built
    dense_layer_op = dense_layer(input_layer)
    printed = [line for line in capsys.readouterr().out.splitlines() if "here" in line]
    assert printed == ["we are here in build", "we are here in call"]
    assert dense_layer.kernel.shape == (5, 10)
    assert [w.shape for w in dense_layer.weights] == [(5, 10)]
    assert dense_layer_op.shape == (None, 10)
    dense_layer(Input(shape=(5,)))  # a second call: no second build
    printed = [line for line in capsys.readouterr().out.splitlines() if "here" in line]
    assert printed == ["we are here in call"]


def test_seed000_model_computes_input_times_kernel(rng):
    input_layer = Input(shape=(5,))
    dense_layer = MyDenseLayer(nodes=10)
    model = Model(inputs=input_layer, outputs=dense_layer(input_layer))
    x = rng.normal(size=(3, 5)).astype("float32")
    expected = x @ dense_layer.kernel.numpy()
    np.testing.assert_allclose(model(x).numpy(), expected, rtol=1e-6)
    assert model.layers == [input_layer._keras_history.operation, dense_layer]


def test_dense_trace_order_symbolic_and_eager():
    layer = Dense(2)
    with kitlib.trace() as t:
        layer(Input((3,)))
    assert t.kinds("dense") == [
        "__call__", "build", "add_weight", "add_weight", "call", "node"
    ]  # fmt: skip
    with kitlib.trace() as t:
        layer(np.ones((1, 3)))
    assert t.kinds("dense") == ["__call__", "call"]  # built already, no Node


def test_add_weight_trace_records_names_and_shapes():
    with kitlib.trace() as t:
        Dense(4)(Input((3,)))
    details = [e.detail for e in t.events if e.kind == "add_weight"]
    assert [(d["name"], d["shape"]) for d in details] == [
        ("kernel", (3, 4)),
        ("bias", (4,)),
    ]


class _RecordsTraining(Layer):
    def call(self, inputs, training=None):
        self.seen = training
        return inputs


class _NoTrainingArg(Layer):
    def call(self, inputs):
        return inputs * 2.0


def test_training_is_passed_only_to_calls_that_accept_it():
    recorder, plain = _RecordsTraining(), _NoTrainingArg()
    x = np.ones((1, 2), "float32")
    np.testing.assert_array_equal(plain(x, training=True).numpy(), 2 * x)
    recorder(x, training=True)
    assert recorder.seen is True
    recorder(x)
    assert recorder.seen is None


def test_training_flows_from_model_call_to_inner_layers():
    inputs = Input((2,))
    recorder = _RecordsTraining()
    model = Model(inputs, _NoTrainingArg()(recorder(inputs)))
    model(np.ones((1, 2)), training=True)
    assert recorder.seen is True
    model(np.ones((1, 2)), training=False)
    assert recorder.seen is False


def test_dropout_in_model_follows_the_training_flag():
    inputs = Input((1000,))
    model = Model(inputs, Dropout(0.5, seed=1)(inputs))
    x = np.ones((1, 1000), "float32")
    np.testing.assert_array_equal(model(x).numpy(), x)
    dropped = model(x, training=True).numpy()
    assert set(np.unique(dropped)) == {0.0, 2.0}
    assert 400 < np.count_nonzero(dropped) < 600


def test_losses_hold_the_kernel_regularizer_penalty():
    layer = Dense(3, kernel_regularizer=regularizers.L2(0.1))
    assert layer.losses == []
    layer(np.ones((2, 4)))
    kernel = layer.kernel.numpy()
    assert len(layer.losses) == 1
    np.testing.assert_allclose(float(layer.losses[0]), 0.1 * np.sum(kernel**2), 1e-6)


def test_losses_of_a_model_collect_its_layers_penalties():
    inputs = Input((4,))
    first = Dense(3, kernel_regularizer=regularizers.L1(0.01))
    second = Dense(2, kernel_regularizer=regularizers.L2(0.02))
    model = Model(inputs, second(first(inputs)))
    expected = (
        0.01 * np.abs(first.kernel.numpy()).sum()
        + 0.02 * (second.kernel.numpy() ** 2).sum()
    )
    total = sum(float(loss) for loss in model.losses)
    np.testing.assert_allclose(total, expected, rtol=1e-6)


def test_activity_regularizer_loss_is_recomputed_on_each_call():
    layer = Dense(2, activity_regularizer=regularizers.L1(1.0), use_bias=False)
    x = np.ones((1, 3), "float32")
    out = layer(x).numpy()
    np.testing.assert_allclose(float(layer.losses[0]), np.abs(out).sum(), 1e-6)
    layer(2 * x)
    assert len(layer.losses) == 1  # the old activity loss was replaced


def test_symbolic_call_adds_no_symbolic_loss():
    layer = Dense(2, activity_regularizer=regularizers.L1(0.1))
    inputs = Input((3,))
    model = Model(inputs, layer(inputs))
    assert layer.losses == [] and model.losses == []
    out = model(np.ones((1, 3), "float32")).numpy()
    np.testing.assert_allclose(float(model.losses[0]), 0.1 * np.abs(out).sum(), 1e-6)


def test_weights_exist_only_after_the_first_call_and_count_params():
    layer = Dense(4)
    assert layer.weights == [] and not layer.built
    with pytest.raises(ValueError, match="not built yet"):
        layer.count_params()
    layer(Input((3,)))
    assert layer.built
    assert [w.shape for w in layer.weights] == [(3, 4), (4,)]
    assert layer.count_params() == 3 * 4 + 4


def test_get_weights_set_weights_round_trip(rng):
    layer = Dense(2)
    layer(np.ones((1, 3)))
    kernel = rng.normal(size=(3, 2)).astype("float32")
    bias = np.array([0.5, -1.0], "float32")
    layer.set_weights([kernel, bias])
    got = layer.get_weights()
    np.testing.assert_array_equal(got[0], kernel)
    np.testing.assert_array_equal(got[1], bias)
    x = rng.normal(size=(4, 3)).astype("float32")
    np.testing.assert_allclose(layer(x).numpy(), x @ kernel + bias, rtol=1e-6)


def test_freezing_moves_weights_to_non_trainable():
    layer = Dense(2)
    layer(np.ones((1, 3)))
    layer.trainable = False
    assert layer.trainable_weights == []
    assert [w.shape for w in layer.non_trainable_weights] == [(3, 2), (2,)]
    layer.trainable = True
    assert len(layer.trainable_weights) == 2


def test_automatic_names_are_unique_and_name_argument_wins():
    assert [Dense(1).name, Dense(1).name, Dense(1, name="head").name] == [
        "dense",
        "dense_1",
        "head",
    ]


def test_repr_and_str_show_name_built_state_and_weight_shapes():
    layer = Dense(2)
    assert "dense" in repr(layer) and "built=False" in repr(layer)
    layer(np.ones((1, 3)))
    text = str(layer)
    assert "Dense 'dense' (built, 8 params)" in text and "kernel (3, 2)" in text
    assert "<table>" in layer._repr_html_()


def test_ops_inside_call_do_not_join_the_graph():
    inputs = Input((3,))
    outputs = Dense(2)(inputs)
    node = outputs._keras_history.operation._inbound_nodes[0]
    assert node.inbound_layers == [inputs._keras_history.operation]
    # The matmul and add inside Dense.call recorded nothing: only Dense has a node.
    assert len(inputs._keras_history.operation._outbound_nodes) == 1


def test_compute_output_shape_falls_back_for_numpy_calls():
    class NumpySine(Layer):
        def call(self, inputs):
            return kitlib.Tensor(np.sin(np.asarray(inputs)))

        def compute_output_shape(self, input_shape):
            return input_shape

    inputs = Input((3,))
    outputs = NumpySine()(inputs)
    assert outputs.shape == (None, 3)
    model = Model(inputs, outputs)
    x = np.array([[0.0, 1.0, 2.0]], "float32")
    np.testing.assert_allclose(model(x).numpy(), np.sin(x), rtol=1e-6)


@pytest.mark.parametrize("shape", [(None, 3), (7, 3)])
def test_build_sees_the_input_shape_with_batch_axis(shape):
    seen = []

    class Spy(Layer):
        def build(self, input_shape):
            seen.append(input_shape)

    Spy()(Input(batch_shape=shape))
    assert seen == [shape]
