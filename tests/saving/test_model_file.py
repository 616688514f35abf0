"""Tests for kitlib/saving/model_file.py: save/load round trips and broken files."""

import io
import json
import os
import zipfile

import numpy as np
import pytest

from kitlib import Input, Model, ops
from kitlib.layers import Dense, Lambda
from kitlib.models import Sequential, load_model
from kitlib.utils import registry
from kitlib.utils.registry import register_serializable


@pytest.fixture(autouse=True)
def _clean_registry(monkeypatch):
    monkeypatch.setattr(registry, "_REGISTERED", {})
    monkeypatch.setattr(registry, "_NAMES", {})


def _functional():
    a, b = Input(shape=(3,), name="a"), Input(shape=(3,), name="b")
    shared = Dense(4, activation="relu", name="shared")
    x = Input(shape=(4,))
    inner = Model(x, Dense(2, name="inner_dense")(x), name="inner")
    merged = shared(a) + shared(b) * 0.5
    return Model({"a": a, "b": b}, [inner(merged), ops.mean(merged, axis=-1)])


def _data(rng):
    return {"a": rng.normal(size=(5, 3)), "b": rng.normal(size=(5, 3))}


def test_functional_model_round_trip_is_bit_identical(tmp_path, rng):
    model, data = _functional(), _data(rng)
    path = tmp_path / "model.keras"
    model.save(path)
    copy = load_model(path)
    for want, got in zip(model(data), copy(data), strict=True):
        assert np.array_equal(want.numpy(), got.numpy())
    for want, got in zip(model.get_weights(), copy.get_weights(), strict=True):
        assert want.dtype == got.dtype and np.array_equal(want, got)


def test_sequential_round_trip_is_bit_identical(tmp_path, rng):
    model = Sequential([Dense(8, activation="tanh", input_shape=(3,)), Dense(2)])
    path = tmp_path / "seq.h5"  # a seed-style name: still kitlib's zip
    model.save(path)
    copy = load_model(path)
    assert isinstance(copy, Sequential) and zipfile.is_zipfile(path)
    data = rng.normal(size=(6, 3))
    kernel_1, bias_1, kernel_2, bias_2 = copy.get_weights()
    reference = np.tanh(data.astype("float32") @ kernel_1 + bias_1) @ kernel_2 + bias_2
    np.testing.assert_allclose(copy(data).numpy(), reference, rtol=1e-5, atol=1e-6)
    assert np.array_equal(copy(data).numpy(), model(data).numpy())


class Tower(Model):
    """A subclassed model: layers in __init__, maths in call."""

    def __init__(self, units=4, **kwargs):
        super().__init__(**kwargs)
        self.hidden = Dense(units, activation="relu")
        self.head = Dense(1)

    def call(self, inputs):
        return self.head(self.hidden(inputs))


def test_registered_subclassed_model_round_trip(tmp_path, rng):
    register_serializable(package="Test")(Tower)
    model, data = Tower(units=5), rng.normal(size=(4, 3))
    expected = model(data).numpy()
    model.save(tmp_path / "tower.zip")
    copy = load_model(tmp_path / "tower.zip")
    assert type(copy) is Tower and copy.hidden.units == 5
    assert np.array_equal(copy(data).numpy(), expected)


def test_unregistered_subclassed_model_needs_custom_objects(tmp_path, rng):
    model = Tower()
    model(rng.normal(size=(2, 3)))
    model.save(tmp_path / "tower.keras")
    with pytest.raises(ValueError, match="Cannot load layer class 'Tower'"):
        load_model(tmp_path / "tower.keras")
    copy = load_model(tmp_path / "tower.keras", custom_objects={"Tower": Tower})
    assert type(copy) is Tower


def test_file_holds_config_metadata_and_weights(tmp_path):
    path = tmp_path / "model.keras"
    _functional().save(path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        metadata = json.loads(archive.read("metadata.json"))
        config = json.loads(archive.read("config.json"))
    assert names == ["metadata.json", "config.json", "model.weights.npz"]
    assert metadata["format"] == "kitlib.model" and metadata["class_name"] == "Model"
    assert metadata["kitlib_version"] == "0.1.0" and "date_saved" in metadata
    assert config["class_name"] == "Model" and "nodes" in config["config"]


def double(x):
    return x * 2.0


def test_lambda_model_loads_only_with_safe_mode_off(tmp_path, rng):
    x = Input(shape=(2,))
    model = Model(x, Lambda(double)(Dense(2)(x)))
    model.save(tmp_path / "lambda.keras")
    with pytest.raises(ValueError, match="safe_mode=False"):
        load_model(tmp_path / "lambda.keras")
    copy = load_model(
        tmp_path / "lambda.keras", safe_mode=False, custom_objects={"double": double}
    )
    data = rng.normal(size=(3, 2))
    assert np.array_equal(copy(data).numpy(), model(data).numpy())


def test_lambda_inside_sequential_also_refuses_safe_mode(tmp_path):
    model = Sequential([Lambda(double, input_shape=(2,)), Dense(1)])
    model.save(tmp_path / "seq_lambda.keras")
    with pytest.raises(ValueError, match="safe_mode=False"):
        load_model(tmp_path / "seq_lambda.keras")


class Pair(Model):
    """A subclassed model called on a list of two inputs."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.left, self.right = Dense(2), Dense(2)

    def call(self, inputs):
        return self.left(inputs[0]) + self.right(inputs[1])


def test_subclassed_model_on_a_list_of_inputs_explains_the_workaround(tmp_path):
    model = Pair()
    model([np.ones((2, 3)), np.ones((2, 3))])
    model.save(tmp_path / "pair.keras")
    with pytest.raises(ValueError, match="has 0 weights.*load_weights"):
        load_model(tmp_path / "pair.keras", custom_objects={"Pair": Pair})
    fresh = Pair()
    fresh([np.ones((2, 3)), np.ones((2, 3))])
    fresh.load_weights(tmp_path / "pair.keras")
    for want, got in zip(model.get_weights(), fresh.get_weights(), strict=True):
        assert np.array_equal(want, got)


# --- broken files ---------------------------------------------------------------------
@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "model.keras"
    _functional().save(path)
    return path


def test_missing_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        load_model(tmp_path / "nope.keras")


def test_truncated_file_gives_a_clear_error(saved):
    data = saved.read_bytes()
    saved.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match=r"model.keras' should be a kitlib model file.*"
                       r"not a readable zip.*truncated"):  # fmt: skip
        load_model(saved)


def test_corrupted_bytes_give_a_clear_error(saved):
    data = bytearray(saved.read_bytes())
    start = data.find(b"model.weights.npz") + 200  # inside the stored arrays
    data[start : start + 64] = b"\x00" * 64
    saved.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="model.keras' should be"):
        load_model(saved)


def test_hdf5_files_are_recognized(tmp_path):
    path = tmp_path / "keras2.h5"
    path.write_bytes(b"\x89HDF\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(ValueError, match="it is an HDF5 file"):
        load_model(path)


def _rewrite(path, replace=None, drop=None):
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members.update(replace or {})
    for name in drop or []:
        del members[name]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_missing_member_is_listed(saved):
    _rewrite(saved, drop=["model.weights.npz"])
    with pytest.raises(ValueError, match=r"has no 'model.weights.npz' \(it holds"):
        load_model(saved)


def test_damaged_json_is_reported(saved):
    _rewrite(saved, replace={"config.json": b"{not json"})
    with pytest.raises(ValueError, match="'config.json' cannot be parsed"):
        load_model(saved)


def test_config_missing_an_entry_is_reported(saved):
    config = json.loads(zipfile.ZipFile(saved).read("config.json"))
    del config["config"]["nodes"][0]["layer"]
    _rewrite(saved, replace={"config.json": json.dumps(config).encode()})
    with pytest.raises(ValueError, match="config.json lacks the entry 'layer'"):
        load_model(saved)


def test_weights_of_another_model_are_refused(saved, tmp_path):
    other = tmp_path / "other.keras"
    x = Input(shape=(3,))
    Model(x, Dense(7)(x)).save(other)
    weights = zipfile.ZipFile(other).read("model.weights.npz")
    _rewrite(saved, replace={"model.weights.npz": weights})
    with pytest.raises(
        ValueError,
        match=r"has 4 weights \[shared/kernel \(3, 4\).* holds 2 arrays.*damaged",
    ):
        load_model(saved)


def test_weights_only_file_points_to_load_weights(tmp_path):
    x = Input(shape=(3,))
    Model(x, Dense(2)(x)).save_weights(tmp_path / "w.weights.h5")
    with pytest.raises(ValueError, match="weights-only file.*load_weights"):
        load_model(tmp_path / "w.weights.h5")


def test_newer_format_versions_are_refused(saved):
    metadata = json.loads(zipfile.ZipFile(saved).read("metadata.json"))
    metadata["format_version"] = 99
    _rewrite(saved, replace={"metadata.json": json.dumps(metadata).encode()})
    with pytest.raises(ValueError, match="format_version=99.*Upgrade kitlib"):
        load_model(saved)


def test_pickled_arrays_are_never_loaded(saved):
    buffer = io.BytesIO()
    np.savez(buffer, **{"0000/shared/kernel": np.array([{"evil": 1}], dtype=object)})
    _rewrite(saved, replace={"model.weights.npz": buffer.getvalue()})
    with pytest.raises(ValueError, match="refuses to unpickle"):
        load_model(saved)


# --- atomic writes ----------------------------------------------------------------------
def test_crash_while_saving_keeps_the_previous_file(saved, monkeypatch, rng):
    before = saved.read_bytes()
    original = zipfile.ZipFile.writestr
    calls = []

    def crash_on_second_member(self, name, data, *args, **kwargs):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full (simulated)")
        return original(self, name, data, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", crash_on_second_member)
    with pytest.raises(OSError, match="simulated"):
        _functional().save(saved)
    monkeypatch.undo()
    assert saved.read_bytes() == before
    assert os.listdir(saved.parent) == [saved.name]  # no temporary file left
    load_model(saved)(_data(rng))


def test_overwrite_false_refuses_an_existing_file(saved):
    with pytest.raises(FileExistsError, match="overwrite=False"):
        _functional().save(saved, overwrite=False)


def test_saving_into_a_missing_folder_explains(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        _functional().save(tmp_path / "no" / "model.keras")


def test_custom_activation_and_regularizer_round_trip(tmp_path):
    from kitlib import regularizers

    @register_serializable(package="Tests")
    def scaled_tanh(x):
        return 2.0 * ops.tanh(x)

    @register_serializable(package="Tests")
    class TinyL2(regularizers.Regularizer):
        def __init__(self, weight=0.5):
            self.weight = weight

        def __call__(self, x):
            return self.weight * ops.sum(ops.square(x))

        def get_config(self):
            return {"weight": self.weight}

    inputs = Input((3,))
    outputs = Dense(2, activation=scaled_tanh, kernel_regularizer=TinyL2(0.25))(inputs)
    model = Model(inputs, outputs)
    model.save(tmp_path / "custom.keras")
    copy = load_model(tmp_path / "custom.keras")
    data = np.ones((2, 3), "float32")
    assert np.array_equal(copy.predict(data, verbose=0), model.predict(data, verbose=0))
    dense = copy.layers[-1]
    assert dense.activation is scaled_tanh
    assert isinstance(dense.kernel_regularizer, TinyL2)
    assert dense.kernel_regularizer.weight == 0.25
