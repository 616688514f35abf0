"""compile/fit/evaluate/predict: behaviour and values, against hand-written loops."""

from __future__ import annotations

import numpy as np
import pytest

import kitlib
from kitlib import layers
from kitlib.callbacks import Callback
from kitlib.datasets import digits
from kitlib.optimizers import SGD


def _mlp(inputs: int = 4, hidden: int = 8, outputs: int = 3, seed: int = 0):
    kitlib.utils.set_random_seed(seed)
    x = kitlib.Input(shape=(inputs,))
    h = layers.Dense(hidden, activation="relu")(x)
    return kitlib.Model(x, layers.Dense(outputs, activation="softmax")(h))


def _data(n: int = 64, features: int = 4, classes: int = 3, seed: int = 1):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, features)).astype("float32")
    y = (x[:, 0] > 0).astype("int64") + (x[:, 1] > 0.5)
    return x, np.minimum(y, classes - 1)


def test_fit_before_compile_raises_with_hint():
    model = _mlp()
    x, y = _data()
    with pytest.raises(
        RuntimeError, match=r"must be compiled before fit\(\).*compile\("
    ):
        model.fit(x, y)


def test_fit_equals_hand_written_tape_loop():
    x, y = _data()
    model = _mlp()
    twin = _mlp()
    twin.set_weights(model.get_weights())
    model.compile(optimizer=SGD(0.1), loss="sparse_categorical_crossentropy")
    history = model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)

    loss_fn = kitlib.losses.SparseCategoricalCrossentropy()
    optimizer = SGD(0.1)
    losses = []
    for _ in range(2):
        for start in range(0, len(x), 16):
            xb, yb = x[start : start + 16], y[start : start + 16]
            with kitlib.GradientTape() as tape:
                loss = loss_fn(yb, twin(xb, training=True))
            grads = tape.gradient(loss, twin.trainable_variables)
            optimizer.apply_gradients(zip(grads, twin.trainable_variables, strict=True))
            losses.append(float(loss))
    for mine, theirs in zip(model.get_weights(), twin.get_weights(), strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-6, atol=1e-6)
    # The epoch loss is the mean of that epoch's batch losses (equal batch sizes).
    np.testing.assert_allclose(
        history.history["loss"][-1], np.mean(losses[4:]), rtol=1e-5
    )


def test_digits_mlp_reaches_095_test_accuracy():
    (x_train, y_train), (x_test, y_test) = digits.load_data(
        test_split=0.2, flatten=True
    )
    x_train, x_test = x_train / 16.0, x_test / 16.0
    kitlib.utils.set_random_seed(0)
    model = kitlib.Sequential(
        [
            layers.Dense(64, activation="relu", input_shape=(64,)),
            layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(
        optimizer=kitlib.optimizers.Adam(1e-3),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    model.fit(x_train, y_train, batch_size=32, epochs=30, verbose=0)
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    assert accuracy >= 0.95, f"test accuracy {accuracy:.3f} < 0.95"
    predictions = model.predict(x_test, verbose=0).argmax(-1)
    assert np.mean(predictions == y_test) == pytest.approx(accuracy, abs=1e-6)


def test_fit_on_generator_with_steps_and_validation_steps():
    x, y = _data(n=40)

    def batches():
        while True:
            for start in range(0, 40, 8):
                yield x[start : start + 8], y[start : start + 8]

    model = _mlp()
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    seen = []

    class CountSteps(Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.append(batch)

    history = model.fit(
        batches(),
        steps_per_epoch=3,
        epochs=2,
        validation_data=batches(),
        validation_steps=2,
        callbacks=[CountSteps()],
        verbose=0,
    )
    assert seen == [0, 1, 2, 0, 1, 2]
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}


def test_dict_input_two_output_model_with_loss_weights():
    kitlib.utils.set_random_seed(0)
    a = kitlib.Input(shape=(3,), name="a")
    b = kitlib.Input(shape=(2,), name="b")
    merged = layers.Concatenate()([a, b])
    out_reg = layers.Dense(1, name="reg")(merged)
    out_cls = layers.Dense(2, activation="softmax", name="cls")(merged)
    model = kitlib.Model({"a": a, "b": b}, {"reg": out_reg, "cls": out_cls})
    model.compile(
        optimizer="sgd",
        loss={"reg": "mse", "cls": "sparse_categorical_crossentropy"},
        loss_weights={"reg": 0.5, "cls": 2.0},
    )
    rng = np.random.default_rng(0)
    x = {"a": rng.normal(size=(10, 3)), "b": rng.normal(size=(10, 2))}
    y = {"reg": rng.normal(size=(10, 1)), "cls": rng.integers(0, 2, size=10)}
    total = model.evaluate(x, y, batch_size=10, verbose=0)
    pred = model.predict(x, verbose=0)
    mse = np.mean((pred["reg"] - y["reg"]) ** 2)
    ce = -np.mean(np.log(pred["cls"][np.arange(10), y["cls"]]))
    np.testing.assert_allclose(total, 0.5 * mse + 2.0 * ce, rtol=1e-5)
    history = model.fit(x, y, epochs=2, batch_size=5, verbose=0)
    assert len(history.history["loss"]) == 2


def test_validation_split_uses_last_samples_and_logs_val_metrics():
    x, y = _data(n=50)
    model = _mlp()
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, validation_split=0.2, epochs=1, verbose=0)
    val_loss = history.history["val_loss"][0]
    expected = model.evaluate(x[40:], y[40:], verbose=0)[0]
    np.testing.assert_allclose(val_loss, expected, rtol=1e-5)


def test_frozen_layer_is_not_updated_and_regularization_is_added():
    kitlib.utils.set_random_seed(0)
    x_in = kitlib.Input(shape=(4,))
    frozen = layers.Dense(5, name="frozen")
    head = layers.Dense(3, kernel_regularizer=kitlib.regularizers.L2(0.1), name="head")
    model = kitlib.Model(x_in, head(frozen(x_in)))
    frozen.trainable = False
    before = frozen.get_weights()
    model.compile(optimizer=SGD(0.1), loss="mse")
    x, _ = _data()
    y = np.zeros((len(x), 3), "float32")
    loss = model.evaluate(x, y, batch_size=len(x), verbose=0)
    mse = np.mean((model.predict(x, verbose=0) - y) ** 2)
    np.testing.assert_allclose(
        loss, mse + 0.1 * np.sum(head.kernel.numpy() ** 2), rtol=1e-5
    )
    model.fit(x, y, epochs=1, verbose=0)
    for old, new in zip(before, frozen.get_weights(), strict=True):
        np.testing.assert_array_equal(old, new)


def test_sample_weight_scales_the_loss():
    model = _mlp()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    x, y = _data(n=8)
    plain = model.evaluate(x, y, batch_size=8, verbose=0)
    weighted = model.evaluate(
        x, y, batch_size=8, sample_weight=np.full(8, 2.0), verbose=0
    )
    np.testing.assert_allclose(weighted, 2 * plain, rtol=1e-5)


def test_accuracy_resolves_from_loss_and_shapes():
    binary = kitlib.Sequential(
        [layers.Dense(1, activation="sigmoid", input_shape=(4,))]
    )
    binary.compile("sgd", "binary_crossentropy", metrics=["accuracy"])
    x, y = _data(n=16)
    binary.evaluate(x, (y > 0).astype("float32"), verbose=0)
    assert type(binary.compiled_metrics.metrics[0]).__name__ == "BinaryAccuracy"
    softmax = _mlp()
    softmax.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    softmax.evaluate(x, y, verbose=0)
    name = type(softmax.compiled_metrics.metrics[0]).__name__
    assert name == "SparseCategoricalAccuracy"


def test_train_test_predict_on_batch():
    model = _mlp()
    model.compile(optimizer=SGD(0.5), loss="sparse_categorical_crossentropy")
    x, y = _data(n=16)
    first = model.test_on_batch(x, y)
    for _ in range(20):
        model.train_on_batch(x, y)
    assert model.test_on_batch(x, y) < first
    np.testing.assert_allclose(model.predict_on_batch(x), model.predict(x, verbose=0))


def test_verbose_levels(capsys):
    model = _mlp()
    model.compile("sgd", "sparse_categorical_crossentropy")
    x, y = _data(n=16)
    model.fit(x, y, epochs=2, verbose=0)
    assert capsys.readouterr().out == ""
    model.fit(x, y, epochs=2, verbose=2)
    lines = [line for line in capsys.readouterr().out.splitlines() if line]
    assert lines[0].startswith("Epoch 1/2 - loss: ")
    assert lines[1].startswith("Epoch 2/2 - loss: ")


def test_hooks_fire_in_keras_order():
    events = []

    class Recorder(Callback):
        def __getattribute__(self, name):
            if name.startswith("on_") and not name.startswith("on_predict"):
                return lambda *args, **kwargs: events.append(name)
            return super().__getattribute__(name)

    model = _mlp()
    model.compile("sgd", "sparse_categorical_crossentropy")
    x, y = _data(n=8)
    model.fit(x, y, batch_size=4, epochs=1, validation_data=(x, y), callbacks=[Recorder()],
              verbose=0)  # fmt: skip
    expected = ["on_train_begin", "on_epoch_begin"]
    expected += ["on_train_batch_begin", "on_train_batch_end"] * 2
    expected += ["on_test_begin"] + ["on_test_batch_begin", "on_test_batch_end"] * 2
    expected += ["on_test_end", "on_epoch_end", "on_train_end"]
    assert [e for e in events if not e.startswith("on_batch")] == expected
