"""Tests for kitlib/saving/weights_file.py: weights only, checked on the way in."""

import os
import zipfile

import numpy as np
import pytest

from kitlib import Input, Model
from kitlib.layers import Dense
from kitlib.models import Sequential
from kitlib.saving.weights_file import weight_items


def _model(hidden=4, name=None):
    x = Input(shape=(3,))
    return Model(x, Dense(2)(Dense(hidden, activation="relu")(x)), name=name)


def test_weight_items_name_layer_paths_in_layer_order():
    x = Input(shape=(3,))
    inner = Model(x, Dense(2, name="d")(x), name="inner")
    y = Input(shape=(3,))
    model = Model(y, Dense(1, name="head")(inner(y)))
    paths = [path for path, _ in weight_items(model)]
    assert paths == ["inner/d/kernel", "inner/d/bias", "head/kernel", "head/bias"]


def test_frozen_layers_keep_their_place_in_the_order():
    model = _model()
    model.layers[1].trainable = False  # Keras's weights list would reorder
    assert [path.rsplit("/", 1)[-1] for path, _ in weight_items(model)] == [
        "kernel", "bias", "kernel", "bias",
    ]  # fmt: skip
    assert weight_items(model)[0][1] is model.layers[1].kernel


@pytest.mark.parametrize("name", ["w.npz", "w.weights.h5", "checkpoint1.h5", "w.zip"])
def test_save_and_load_weights_into_a_fresh_model(tmp_path, rng, name):
    model, fresh = _model(), _model()  # fresh layers get other auto-names
    path = tmp_path / name
    model.save_weights(path)
    fresh.load_weights(path)
    for want, got in zip(model.get_weights(), fresh.get_weights(), strict=True):
        assert np.array_equal(want, got)
    data = rng.normal(size=(4, 3))
    assert np.array_equal(fresh(data).numpy(), model(data).numpy())


def test_npz_files_are_plain_numpy_archives(tmp_path):
    model = _model()
    model.save_weights(tmp_path / "w.npz")
    with np.load(tmp_path / "w.npz", allow_pickle=False) as arrays:
        keys = arrays.files
        kernel = arrays["0000/dense_1/kernel"]
    assert keys == [
        "0000/dense_1/kernel", "0001/dense_1/bias", "0002/dense/kernel", "0003/dense/bias",
    ]  # fmt: skip
    assert np.array_equal(kernel, model.layers[1].kernel.numpy())


def test_other_extensions_get_a_zip_with_metadata(tmp_path):
    _model().save_weights(tmp_path / "w.weights.h5")
    with zipfile.ZipFile(tmp_path / "w.weights.h5") as archive:
        assert archive.namelist() == ["metadata.json", "model.weights.npz"]


def test_load_weights_reads_a_full_model_file(tmp_path):
    model, fresh = _model(), _model()
    model.save(tmp_path / "m.keras")
    fresh.load_weights(tmp_path / "m.keras")
    assert np.array_equal(fresh.get_weights()[0], model.get_weights()[0])


def test_load_weights_into_a_sequential(tmp_path, rng):
    model = Sequential([Dense(4, input_shape=(3,)), Dense(2)])
    fresh = Sequential([Dense(4, input_shape=(3,)), Dense(2)])
    model.save_weights(tmp_path / "seq.npz")
    fresh.load_weights(tmp_path / "seq.npz")
    data = rng.normal(size=(2, 3))
    assert np.array_equal(fresh(data).numpy(), model(data).numpy())


def test_shape_mismatch_names_layer_weight_and_shapes(tmp_path):
    _model(hidden=4).save_weights(tmp_path / "w.npz")
    other = _model(hidden=5)
    before = other.get_weights()
    with pytest.raises(
        ValueError,
        match=r"expects weight 0 'dense_3/kernel' \(layer 'dense_3'\) to have shape "
        r"\(3, 5\), but '.*w.npz' holds shape \(3, 4\) for it \(saved as "
        r"'dense_1/kernel'\)",
    ):
        other.load_weights(tmp_path / "w.npz")
    for want, got in zip(before, other.get_weights(), strict=True):
        assert np.array_equal(want, got)  # nothing was half-loaded


def test_count_mismatch_lists_both_sides(tmp_path):
    _model().save_weights(tmp_path / "w.npz")
    x = Input(shape=(3,))
    small = Model(x, Dense(2)(x))
    with pytest.raises(
        ValueError, match=r"has 2 weights \[.*\], but .* holds 4 arrays"
    ):
        small.load_weights(tmp_path / "w.npz")


def test_unbuilt_model_gets_a_build_hint(tmp_path):
    _model().save_weights(tmp_path / "w.npz")
    with pytest.raises(ValueError, match="not built.*model.build"):
        Sequential([Dense(4), Dense(2)]).load_weights(tmp_path / "w.npz")


def test_foreign_npz_keys_are_explained(tmp_path):
    np.savez(tmp_path / "w.npz", np.zeros(3))
    with pytest.raises(ValueError, match="holds the key 'arr_0'.*set_weights"):
        _model().load_weights(tmp_path / "w.npz")


def test_zip_without_weights_is_explained(tmp_path):
    with zipfile.ZipFile(tmp_path / "w.zip", "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(ValueError, match=r"has no 'model.weights.npz' \(it holds"):
        _model().load_weights(tmp_path / "w.zip")


def test_crash_while_saving_weights_keeps_the_previous_file(tmp_path, monkeypatch):
    model = _model()
    path = tmp_path / "w.npz"
    model.save_weights(path)
    before = path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("power cut (simulated)")

    monkeypatch.setattr(np, "savez", crash)
    with pytest.raises(OSError, match="simulated"):
        _model().save_weights(path)
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["w.npz"]
