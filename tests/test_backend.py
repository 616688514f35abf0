"""``kitlib.backend`` (``K``): seed 002's placeholder/function, and the helpers."""

import numpy as np
import pytest

import kitlib.backend as K
from kitlib import Input, KerasTensor, Model, Tensor, Variable
from kitlib.layers import Activation, Dense, Dropout


@pytest.fixture(autouse=True)
def _restore_backend_state():
    yield
    K.set_learning_phase(0)
    K.set_epsilon(1e-7)


def test_seed002_placeholder_activation_function():
    x = K.placeholder(shape=(3,))
    y = Activation("sigmoid")(x)
    f = K.function([x], [y])
    out = f([np.array([1, 2, 3])])
    assert isinstance(out, list) and isinstance(out[0], np.ndarray)
    np.testing.assert_allclose(out[0], 1 / (1 + np.exp(-np.array([1.0, 2, 3]))), 1e-6)


def test_placeholder_shapes_and_errors():
    assert K.placeholder(shape=(None, 4), dtype="int32").dtype == "int32"
    assert K.placeholder(ndim=3).shape == (None, None, None)
    assert K.is_keras_tensor(K.placeholder(shape=(2,)))
    assert not K.is_keras_tensor(np.zeros(2))
    with pytest.raises(ValueError, match="needs a shape="):
        K.placeholder()


def test_function_gives_intermediate_outputs(rng):
    inputs = Input((3,))
    hidden = Dense(4, activation="relu")(inputs)
    model = Model(inputs, Dense(1)(hidden))
    get_hidden = K.function([model.input], [model.layers[1].output])
    x = rng.normal(size=(5, 3)).astype("float32")
    kernel, bias = model.layers[1].get_weights()
    np.testing.assert_allclose(
        get_hidden([x])[0], np.maximum(x @ kernel + bias, 0), 1e-5
    )


def test_function_with_learning_phase_input_switches_dropout():
    x = K.placeholder(shape=(None, 1000))
    f = K.function([x, K.learning_phase()], [Dropout(0.5, seed=2)(x)])
    data = np.ones((1, 1000), "float32")
    np.testing.assert_array_equal(f([data, 0])[0], data)
    assert set(np.unique(f([data, 1])[0])) == {0.0, 2.0}


def test_set_learning_phase_sets_the_default_of_functions():
    x = K.placeholder(shape=(None, 1000))
    f = K.function([x], [Dropout(0.5, seed=2)(x)])
    assert K.learning_phase() == 0
    K.set_learning_phase(1)
    assert K.learning_phase() == 1
    assert (f([np.ones((1, 1000))])[0] == 0).any()
    with pytest.raises(ValueError, match="0 or 1"):
        K.set_learning_phase(2)


def test_gradients_of_a_loss_function():
    w = K.variable([1.0, -2.0, 3.0])
    grads = K.gradients(lambda: K.sum(K.square(w)), [w])
    np.testing.assert_allclose(grads[0].numpy(), [2.0, -4.0, 6.0])
    x = Tensor([[1.0, 2.0]])
    (grad_x,) = K.gradients(lambda: K.mean(x * 3.0), x)
    np.testing.assert_allclose(grad_x.numpy(), [[1.5, 1.5]])


def test_gradients_explains_that_it_needs_a_function():
    w = K.variable([1.0])
    with pytest.raises(TypeError, match="expects a function that computes the loss"):
        K.gradients(K.sum(w), [w])


def test_shape_helpers():
    x = K.placeholder(shape=(None, 3))
    t = K.constant([[1, 2, 3]], dtype="float32")
    assert K.int_shape(x) == (None, 3) and K.int_shape(t) == (1, 3)
    assert K.shape(np.zeros((2, 5))) == (2, 5)
    assert K.ndim(x) == 2 and K.dtype(t) == "float32" and K.dtype(x) == "float32"
    assert K.count_params(K.zeros((3, 4))) == 12


def test_eval_values_and_symbolic_error():
    v = K.variable([[1.0, 2.0]], name="v")
    assert isinstance(v, Variable) and v.name == "v"
    np.testing.assert_array_equal(K.eval(v), [[1.0, 2.0]])
    K.set_value(v, [[5.0, 6.0]])
    np.testing.assert_array_equal(K.get_value(v), [[5.0, 6.0]])
    assert [a.tolist() for a in K.batch_get_value([v])] == [[[5.0, 6.0]]]
    with pytest.raises(TypeError, match="symbolic"):
        K.eval(K.placeholder(shape=(2,)))


def test_creation_helpers():
    zeros, ones = K.zeros((2, 3)), K.ones((2,), dtype="int32")
    assert isinstance(zeros, Variable) and zeros.dtype == "float32"
    np.testing.assert_array_equal(zeros.numpy(), np.zeros((2, 3)))
    np.testing.assert_array_equal(ones.numpy(), [1, 1])
    assert ones.dtype == "int32"
    np.testing.assert_array_equal(
        K.constant(2.0, shape=(2, 2)).numpy(), np.full((2, 2), 2.0)
    )
    np.testing.assert_array_equal(K.zeros_like(ones).numpy(), [0, 0])


def test_array_helpers_match_numpy(rng):
    a = rng.normal(size=(2, 3)).astype("float32")
    b = rng.normal(size=(3, 4)).astype("float32")
    close = np.testing.assert_allclose
    close(K.dot(a, b).numpy(), a @ b, rtol=1e-5)
    close(K.sum(a, axis=1).numpy(), a.sum(axis=1), rtol=1e-5)
    close(K.mean(a, keepdims=True).numpy(), a.mean(keepdims=True), rtol=1e-5)
    close(K.max(a, axis=0).numpy(), a.max(axis=0))
    close(K.min(a).numpy(), a.min())
    close(K.argmax(a).numpy(), a.argmax(axis=-1))
    close(K.concatenate([a, a]).numpy(), np.concatenate([a, a], axis=-1))
    close(K.clip(a, -0.5, 0.5).numpy(), np.clip(a, -0.5, 0.5))
    close(K.pow(np.abs(a), 2.0).numpy(), np.abs(a) ** 2, rtol=1e-5)
    close(K.reshape(a, (3, 2)).numpy(), a.reshape(3, 2))
    close(K.transpose(a).numpy(), a.T)
    close(K.abs(a).numpy(), np.abs(a))
    close(K.exp(a).numpy(), np.exp(a), rtol=1e-6)
    assert K.cast(a, "int32").dtype == "int32"
    assert K.concatenate([Input((2,)), Input((3,))]).shape == (None, 5)


def test_configuration_functions():
    assert K.floatx() == "float32" and K.image_data_format() == "channels_last"
    assert K.epsilon() == 1e-7
    K.set_epsilon(1e-5)
    assert K.epsilon() == 1e-5
    assert Dense(1).name == "dense"
    K.clear_session()
    assert Dense(1).name == "dense"


def test_function_output_structure_is_kept():
    x = K.placeholder(shape=(None, 2))
    single = K.function([x], Activation("relu")(x))
    out = single([np.array([[-1.0, 1.0]])])
    assert isinstance(out, np.ndarray) and out.tolist() == [[0.0, 1.0]]
    assert not isinstance(x, Tensor) and isinstance(x, KerasTensor)
