"""Masking: zeroes padded steps, emits the mask, RNNs skip the masked steps."""

import numpy as np

from kitlib import GradientTape, Input, Model, ops
from kitlib.layers import SimpleRNN
from kitlib.layers.core.masking import Masking
from kitlib.tensor import Tensor
from tests.layers.zoo_checks import check_layer_gradients


def test_masking_values_and_mask(rng):
    x = rng.normal(size=(2, 4, 3))
    x[0, 2:] = -1.0
    x[1, 1] = -1.0
    y = Masking(mask_value=-1.0, dtype="float64")(x)
    keep = np.array([[1, 1, 0, 0], [1, 0, 1, 1]], bool)
    np.testing.assert_array_equal(y._keras_mask.numpy(), keep)
    np.testing.assert_array_equal(y.numpy(), x * keep[..., None])


def test_masking_gradient_is_one_on_kept_steps_and_zero_on_masked_steps(rng):
    # Finite differences are only valid away from the mask value itself.
    check_layer_gradients(Masking(dtype="float64"), rng.normal(size=(2, 3, 2)))
    x = Tensor(np.array([[[1.0, 2.0], [0.0, 0.0]]]))
    with GradientTape() as tape:
        tape.watch(x)
        y = ops.sum(Masking(dtype="float64")(x))
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [[[1, 1], [0, 0]]])


def test_masking_in_a_model_makes_the_rnn_skip_padded_steps(rng):
    inputs = Input(shape=(5, 2))
    rnn = SimpleRNN(3)
    model = Model(inputs, rnn(Masking()(inputs)))
    x = rng.normal(size=(1, 5, 2)).astype("float32")
    x[:, 3:] = 0.0
    np.testing.assert_allclose(model(x).numpy(), rnn(x[:, :3]).numpy(), rtol=1e-6)


def test_mask_passes_through_layers_whose_call_takes_no_mask(rng):
    from kitlib.layers import Embedding, LayerNormalization

    hidden = LayerNormalization()(Embedding(6, 3, mask_zero=True)(np.array([[2, 0]])))
    assert hidden._keras_mask.numpy().tolist() == [[True, False]]


def test_rnn_outputs_get_one_mask_each(rng):
    x = rng.normal(size=(1, 3, 2)).astype("float32")
    x[:, 2] = 0.0
    sequence, state = SimpleRNN(2, return_sequences=True, return_state=True)(
        Masking()(x)
    )
    assert sequence._keras_mask.numpy().tolist() == [[True, True, False]]
    assert state._keras_mask is None
    assert getattr(SimpleRNN(2)(Masking()(x)), "_keras_mask", None) is None
