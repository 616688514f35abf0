"""The zoo layers survive save -> load_model with their weights and behaviour."""

import numpy as np

from kitlib import Input, Model
from kitlib import layers as L
from kitlib.saving import load_model


def test_recurrent_model_round_trip(tmp_path, rng):
    ids = Input(shape=(6,), dtype="int64")
    hidden = L.Embedding(10, 3, mask_zero=True)(ids)
    hidden = L.Bidirectional(L.LSTM(2, return_sequences=True))(hidden)
    hidden = L.TimeDistributed(L.Dense(2))(hidden)
    hidden = L.BatchNormalization()(L.GRU(3, reset_after=False)(hidden))
    model = Model(ids, L.PReLU()(hidden))
    model.save(tmp_path / "rnn.kitlib")
    loaded = load_model(tmp_path / "rnn.kitlib")
    x = np.array([[1, 2, 3, 0, 0, 0], [4, 4, 0, 0, 0, 0]])
    np.testing.assert_allclose(loaded(x).numpy(), model(x).numpy(), rtol=1e-6)


def test_cnn_model_round_trip(tmp_path, rng):
    images = Input(shape=(8, 8, 1))
    hidden = L.Conv2D(2, 3, activation="relu")(images)
    hidden = L.UpSampling2D()(L.MaxPooling2D()(hidden))
    hidden = L.SpatialDropout2D(0.2)(L.ZeroPadding2D()(hidden))
    sequence = L.Conv1D(2, 3, strides=2)(L.Reshape((-1, 2))(hidden))  # (None, 49, 2)
    pooled = L.GlobalMaxPooling2D()(L.AveragePooling2D()(hidden))
    hidden = L.Concatenate()([pooled, L.Flatten()(sequence)])
    hidden = L.ActivityRegularization(l1=0.1)(L.GaussianNoise(0.1)(hidden))
    model = Model(images, L.Softmax()(L.ReLU(6.0)(L.LayerNormalization()(hidden))))
    model.save(tmp_path / "cnn.kitlib")
    loaded = load_model(tmp_path / "cnn.kitlib")
    x = rng.random((2, 8, 8, 1)).astype("float32")
    np.testing.assert_allclose(loaded(x).numpy(), model(x).numpy(), rtol=1e-6)
