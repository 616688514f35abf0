"""Saving a compiled model: compile settings and optimizer state survive a reload.

The key property: train 2 epochs, save, load, train 1 more epoch gives exactly
the weights of 3 uninterrupted epochs (Adam's moments and step count included).
"""

import json
import zipfile

import numpy as np
import pytest

from kitlib import Input, Model
from kitlib.layers import Dense
from kitlib.models import load_model
from kitlib.optimizers import SGD, Adam
from kitlib.utils.random import set_random_seed


def _data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(48, 3)).astype("float32")
    return x, (x @ np.array([[1.0], [-2.0], [0.5]], "float32") + 0.3)


def _compiled(optimizer):
    set_random_seed(7)  # same initial weights every time
    x = Input(shape=(3,))
    model = Model(x, Dense(1, name="out")(Dense(8, activation="relu")(x)))
    model.compile(optimizer=optimizer, loss="mse", metrics=["mae"])
    return model


def _fit(model, epochs):
    x, y = _data()
    return model.fit(x, y, batch_size=8, epochs=epochs, shuffle=False, verbose=0)


@pytest.mark.parametrize(
    "make_optimizer",
    [lambda: Adam(learning_rate=0.01), lambda: SGD(0.05, momentum=0.9, nesterov=True)],
    ids=["adam", "sgd_momentum"],
)
def test_resumed_training_equals_uninterrupted_training(tmp_path, make_optimizer):
    uninterrupted = _compiled(make_optimizer())
    _fit(uninterrupted, 3)
    first_part = _compiled(make_optimizer())
    _fit(first_part, 2)
    first_part.save(tmp_path / "ckpt.keras")
    resumed = load_model(tmp_path / "ckpt.keras")
    assert int(resumed.optimizer.iterations) == 12  # 2 epochs x 6 batches
    _fit(resumed, 1)
    for want, got in zip(
        uninterrupted.get_weights(), resumed.get_weights(), strict=True
    ):
        assert np.array_equal(want, got)
    for want, got in zip(
        uninterrupted.optimizer.get_weights(), resumed.optimizer.get_weights(),
        strict=True,
    ):  # fmt: skip
        assert np.array_equal(want, got)


def test_compile_config_is_saved_and_restored(tmp_path):
    model = _compiled(Adam(learning_rate=0.02, beta_1=0.8))
    model.save(tmp_path / "m.keras")
    config = json.loads(zipfile.ZipFile(tmp_path / "m.keras").read("config.json"))
    compile_config = config["compile_config"]
    assert compile_config["optimizer"]["class_name"] == "Adam"
    assert compile_config["optimizer"]["config"]["learning_rate"] == 0.02
    assert compile_config["loss"] == "mse"
    copy = load_model(tmp_path / "m.keras")
    assert isinstance(copy.optimizer, Adam) and copy.optimizer.beta_1 == 0.8
    assert [m.name for m in copy.metrics] == [m.name for m in model.metrics]
    x, y = _data()
    assert copy.evaluate(x, y, verbose=0) == model.evaluate(x, y, verbose=0)


def test_optimizer_state_is_a_separate_member(tmp_path):
    model = _compiled("adam")
    _fit(model, 1)
    model.save(tmp_path / "m.keras")
    with zipfile.ZipFile(tmp_path / "m.keras") as archive:
        assert "optimizer.weights.npz" in archive.namelist()
        metadata = json.loads(archive.read("metadata.json"))
    assert metadata["optimizer_built_for"] == [0, 1, 2, 3]


def test_include_optimizer_false_and_compile_false(tmp_path):
    model = _compiled("adam")
    _fit(model, 1)
    model.save(tmp_path / "m.keras", include_optimizer=False)
    fresh_optimizer = load_model(tmp_path / "m.keras")
    assert int(fresh_optimizer.optimizer.iterations) == 0
    not_compiled = load_model(tmp_path / "m.keras", compile=False)
    assert not getattr(not_compiled, "compiled", False)


def test_uncompiled_model_saves_without_compile_config(tmp_path):
    x = Input(shape=(3,))
    Model(x, Dense(1)(x)).save(tmp_path / "m.keras")
    config = json.loads(zipfile.ZipFile(tmp_path / "m.keras").read("config.json"))
    assert "compile_config" not in config


def test_multi_output_compile_with_objects_and_registered_functions(tmp_path):
    from kitlib import losses, ops
    from kitlib.utils import registry

    def abs_error(y_true, y_pred):
        return ops.mean(ops.abs(y_true - y_pred), axis=-1)

    registry.register_serializable(package="Test")(abs_error)
    x = Input(shape=(3,))
    hidden = Dense(4)(x)
    model = Model(x, {
        "reg": Dense(1, name="reg")(hidden),
        "cls": Dense(3, activation="softmax", name="cls")(hidden),
    })  # fmt: skip
    model.compile(
        optimizer="rmsprop",
        loss={"reg": losses.Huber(delta=2.0), "cls": "sparse_categorical_crossentropy"},
        metrics={"reg": [abs_error], "cls": ["accuracy"]},
        loss_weights={"reg": 0.5, "cls": 1.0},
    )
    data, _ = _data()
    targets = {"reg": data.sum(axis=1, keepdims=True), "cls": np.arange(48) % 3}
    model.fit(data, targets, batch_size=16, epochs=1, verbose=0)
    model.save(tmp_path / "two_heads.keras")
    config = json.loads(
        zipfile.ZipFile(tmp_path / "two_heads.keras").read("config.json")
    )
    assert config["compile_config"]["metrics"]["reg"] == ["Test>abs_error"]
    assert config["compile_config"]["loss"]["reg"]["config"]["delta"] == 2.0
    copy = load_model(tmp_path / "two_heads.keras")
    want = model.evaluate(data, targets, verbose=0, return_dict=True)
    got = copy.evaluate(data, targets, verbose=0, return_dict=True)
    assert got == want and "reg_abs_error" in got


def test_model_checkpoint_files_load_back(tmp_path):
    from kitlib.callbacks import ModelCheckpoint

    model = _compiled("adam")
    x, y = _data()
    path = tmp_path / "checkpoint1.h5"  # the seeds' file name
    model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0,
              callbacks=[ModelCheckpoint(path)])  # fmt: skip
    copy = load_model(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checkpoint1.h5"]
    for want, got in zip(model.get_weights(), copy.get_weights(), strict=True):
        assert np.array_equal(want, got)
    assert int(copy.optimizer.iterations) == int(model.optimizer.iterations)
