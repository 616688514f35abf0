"""Tests for kitlib.datasets.digits: the packaged file and the stratified split."""

import numpy as np
import pytest

from kitlib.datasets import digits
from kitlib.utils import set_random_seed

# Images per digit 0..9 in the file (counted from the source CSV).
CLASS_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def test_digits_file_holds_the_uci_test_set():
    images, labels = digits._read_npz(digits._data_path())
    assert images.shape == (1797, 8, 8) and images.dtype == np.uint8
    assert labels.shape == (1797,) and labels.dtype == np.uint8
    assert np.bincount(labels).tolist() == CLASS_COUNTS
    assert images.min() == 0 and images.max() == digits.MAX_PIXEL
    # First CSV row (a zero): its top image row, and the first three labels.
    assert images[0, 0].tolist() == [0, 0, 5, 13, 9, 1, 0, 0]
    assert labels[:3].tolist() == [0, 1, 2]
    # Checksums computed from the CSV when the file was made.
    assert int(images.astype(np.int64).sum()) == 561718
    assert int(labels.astype(np.int64).sum()) == 8070


def test_load_data_returns_keras_style_shapes_and_dtypes():
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    assert x_train.shape == (1438, 8, 8) and x_test.shape == (359, 8, 8)
    assert y_train.shape == (1438,) and y_test.shape == (359,)
    for array in (x_train, y_train, x_test, y_test):
        assert array.dtype == np.uint8


def test_load_data_flatten_gives_rows_of_64_in_row_major_order():
    (x_img, _), (t_img, _) = digits.load_data(seed=3)
    (x_flat, _), (t_flat, _) = digits.load_data(seed=3, flatten=True)
    assert x_flat.shape == (1438, 64) and t_flat.shape == (359, 64)
    np.testing.assert_array_equal(x_flat, x_img.reshape(-1, 64))
    np.testing.assert_array_equal(t_flat, t_img.reshape(-1, 64))


def test_load_data_split_is_stratified_with_largest_remainder_counts():
    (_, y_train), (_, y_test) = digits.load_data()
    # 20% of each class: floors sum to 355, the 4 leftovers go to the largest
    # fractional parts (.8 for digits 7 and 8, .6 for digits 0 and 3).
    expected_test = [36, 36, 35, 37, 36, 36, 36, 36, 35, 36]
    assert np.bincount(y_test, minlength=10).tolist() == expected_test
    expected_train = [c - t for c, t in zip(CLASS_COUNTS, expected_test, strict=True)]
    assert np.bincount(y_train, minlength=10).tolist() == expected_train


def test_load_data_uses_every_image_exactly_once():
    images, labels = digits._read_npz(digits._data_path())
    train_idx, test_idx = digits._stratified_indices(
        labels, 0.2, np.random.default_rng(0)
    )
    both = np.concatenate([train_idx, test_idx])
    np.testing.assert_array_equal(np.sort(both), np.arange(1797))
    (x_train, _), (x_test, _) = digits.load_data()
    total = int(x_train.astype(np.int64).sum() + x_test.astype(np.int64).sum())
    assert total == 561718


def test_load_data_is_deterministic_for_a_seed_and_differs_between_seeds():
    first = digits.load_data(seed=7)
    again = digits.load_data(seed=7)
    other = digits.load_data(seed=8)
    for a, b in zip(first[0] + first[1], again[0] + again[1], strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[1][1], other[1][1])


def test_load_data_seed_none_follows_set_random_seed():
    set_random_seed(5)
    (_, y_a), _ = digits.load_data(seed=None)
    set_random_seed(5)
    (_, y_b), _ = digits.load_data(seed=None)
    np.testing.assert_array_equal(y_a, y_b)


def test_load_data_shuffles_across_classes():
    (_, y_train), _ = digits.load_data()
    # Sorted by class would put 142 zeros first; shuffled, the first batch
    # of 32 holds several digits.
    assert len(np.unique(y_train[:32])) >= 5


def test_load_data_test_split_zero_puts_everything_in_training():
    (x_train, y_train), (x_test, y_test) = digits.load_data(test_split=0)
    assert x_train.shape == (1797, 8, 8)
    assert x_test.shape == (0, 8, 8) and y_test.shape == (0,)
    assert np.bincount(y_train).tolist() == CLASS_COUNTS


def test_load_data_keeps_one_training_image_per_class_for_huge_splits():
    (_, y_train), (_, y_test) = digits.load_data(test_split=0.999)
    assert np.bincount(y_train, minlength=10).tolist() == [1] * 10
    assert len(y_test) == 1797 - 10


@pytest.mark.parametrize("bad", [1.0, -0.1, 1.5])
def test_load_data_raises_when_test_split_out_of_range(bad):
    with pytest.raises(ValueError, match=r"expected 0 <= test_split < 1.*0\.2"):
        digits.load_data(test_split=bad)


def test_load_data_raises_when_test_split_is_not_a_number():
    with pytest.raises(TypeError, match="test_split to be a number.*str"):
        digits.load_data(test_split="0.2")


def test_load_data_raises_for_bad_seeds():
    with pytest.raises(ValueError, match="non-negative seed, but received -1"):
        digits.load_data(seed=-1)
    with pytest.raises(TypeError, match="seed to be an int or None.*float"):
        digits.load_data(seed=1.5)


def test_load_data_raises_with_reinstall_hint_when_file_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(digits, "_data_path", lambda: tmp_path / "digits.npz")
    with pytest.raises(FileNotFoundError, match=r"missing\. .*pip install -e \."):
        digits.load_data()


def test_read_npz_raises_when_arrays_are_missing_or_misshaped(tmp_path):
    wrong_keys = tmp_path / "keys.npz"
    np.savez(wrong_keys, images=np.zeros((2, 8, 8), np.uint8))
    with pytest.raises(ValueError, match=r"\['labels'\] are missing"):
        digits._read_npz(wrong_keys)
    wrong_shape = tmp_path / "shape.npz"
    np.savez(wrong_shape, images=np.zeros((2, 64)), labels=np.zeros(2))
    with pytest.raises(ValueError, match=r"holds \(2, 64\) and \(2,\)"):
        digits._read_npz(wrong_shape)
