"""Tests for kitlib.datasets.toy: shapes, geometry, determinism, errors."""

import numpy as np
import pytest

from kitlib.datasets import make_blobs, make_moons, make_spirals
from kitlib.utils import set_random_seed

GENERATORS = [make_spirals, make_moons, make_blobs]


@pytest.mark.parametrize("make", GENERATORS)
def test_toy_generators_return_float32_points_and_int64_labels(make):
    x, y = make(n_samples=101)
    assert x.shape == (101, 2) and x.dtype == np.float32
    assert y.shape == (101,) and y.dtype == np.int64


@pytest.mark.parametrize("make", GENERATORS)
def test_toy_generators_are_deterministic_per_seed(make):
    x_a, y_a = make(seed=3)
    x_b, y_b = make(seed=3)
    x_c, _ = make(seed=4)
    np.testing.assert_array_equal(x_a, x_b)
    np.testing.assert_array_equal(y_a, y_b)
    assert not np.array_equal(x_a, x_c)


@pytest.mark.parametrize("make", GENERATORS)
def test_toy_generators_seed_none_follows_set_random_seed(make):
    set_random_seed(11)
    x_a, _ = make(seed=None)
    set_random_seed(11)
    x_b, _ = make(seed=None)
    np.testing.assert_array_equal(x_a, x_b)


@pytest.mark.parametrize("make", GENERATORS)
def test_toy_generators_shuffle_rows(make):
    _, y = make(n_samples=300)
    # Unshuffled, the last 20% (what validation_split takes) is one class.
    assert len(np.unique(y[-60:])) > 1


def test_make_spirals_splits_classes_evenly_and_lies_on_the_arms():
    x, y = make_spirals(n_samples=100, n_classes=3, noise=0.0, turns=1.0)
    assert np.bincount(y).tolist() == [34, 33, 33]
    radius = np.hypot(x[:, 0], x[:, 1]).astype(np.float64)
    assert radius.max() == pytest.approx(1.0, abs=1e-6)
    away = radius > 1e-3  # the angle is undefined at the centre
    angle = np.arctan2(x[away, 1], x[away, 0])
    expected = 2 * np.pi * (y[away] / 3 + radius[away])
    diff = np.angle(np.exp(1j * (angle - expected)))  # wrap to (-pi, pi]
    np.testing.assert_allclose(diff, 0.0, atol=1e-4)


def test_make_moons_points_lie_on_the_two_half_circles_without_noise():
    x, y = make_moons(n_samples=51, noise=0.0)
    assert np.bincount(y).tolist() == [26, 25]
    upper, lower = x[y == 0].astype(np.float64), x[y == 1].astype(np.float64)
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0, atol=1e-6)
    assert upper[:, 1].min() >= -1e-6
    dist = np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5)
    np.testing.assert_allclose(dist, 1.0, atol=1e-6)
    assert lower[:, 1].max() <= 0.5 + 1e-6


def test_make_moons_noise_sets_the_spread():
    x_clean, y = make_moons(n_samples=4000, noise=0.0, seed=1)
    x_noisy, _ = make_moons(n_samples=4000, noise=0.2, seed=1)
    # Same seed: the shuffle order matches, so the difference is the noise.
    assert np.std(x_noisy - x_clean) == pytest.approx(0.2, rel=0.05)


def test_make_blobs_with_explicit_centers_and_no_spread():
    centers = [[0.0, 0.0], [5.0, -5.0], [1.0, 2.0]]
    x, y = make_blobs(n_samples=10, centers=centers, cluster_std=0.0)
    assert np.bincount(y).tolist() == [4, 3, 3]
    np.testing.assert_array_equal(x, np.asarray(centers, np.float32)[y])


def test_make_blobs_cluster_means_and_spread():
    centers = np.array([[0.0, 0.0, 0.0], [10.0, 10.0, 10.0]])
    x, y = make_blobs(n_samples=4000, centers=centers, cluster_std=0.5)
    assert x.shape == (4000, 3)
    for k in range(2):
        np.testing.assert_allclose(x[y == k].mean(axis=0), centers[k], atol=0.05)
        assert x[y == k].std() == pytest.approx(0.5, rel=0.05)


def test_make_blobs_random_centers_stay_in_the_box():
    x, y = make_blobs(n_samples=50, centers=5, n_features=4, cluster_std=0.0)
    assert x.shape == (50, 4) and np.unique(y).tolist() == [0, 1, 2, 3, 4]
    assert np.all(np.abs(x) <= 10.0)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: make_spirals(n_samples=2), ValueError, "n_samples >= 3"),
        (lambda: make_spirals(n_classes=1), ValueError, "n_classes >= 2"),
        (lambda: make_spirals(noise=-0.1), ValueError, "finite number >= 0"),
        (lambda: make_moons(n_samples=1), ValueError, "n_samples >= 2.*2 classes"),
        (lambda: make_moons(n_samples=10.0), TypeError, "n_samples to be an int"),
        (lambda: make_moons(noise=float("nan")), ValueError, "finite number"),
        (lambda: make_moons(seed=-1), ValueError, "non-negative seed"),
        (lambda: make_blobs(centers=[1, 2]), ValueError, r"received shape \(2,\)"),
        (lambda: make_blobs(centers=0), ValueError, "centers >= 1"),
        (lambda: make_blobs(cluster_std="1"), TypeError, "cluster_std to be a number"),
    ],
)
def test_toy_generators_raise_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()
