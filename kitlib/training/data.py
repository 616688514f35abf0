"""Turn what ``fit`` receives (arrays, dicts, generators) into batches.

Notebook: ``notebooks/09_compile_and_fit.ipynb``.

Two kinds of data reach ``fit``:

* arrays (NumPy, Tensors, or lists/dicts of them for multi-input models): kitlib
  slices them into batches itself, shuffling each epoch;
* iterables and generators yielding ``(x, y)`` or ``(x, y, sample_weight)``
  batches (the seeds' ``fit_generator``): kitlib draws ``steps_per_epoch``
  batches from them per epoch.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import numpy as np

from kitlib.tensor import Tensor
from kitlib.utils.errors import fmt_shape
from kitlib.utils.nest import flatten, map_structure
from kitlib.utils.random import next_rng

Batch = tuple[Any, Any, Any]  # (x, y, sample_weight)


def _as_array(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Tensor):
        return value.numpy()
    return np.asarray(value)


def is_array_data(x: Any) -> bool:
    """Whether ``x`` is arrays (to slice) rather than a generator of batches."""
    leaves = flatten(x)
    return bool(leaves) and all(
        isinstance(v, np.ndarray | Tensor | list | float | int) for v in leaves
    )


def unpack_batch(data: Any) -> Batch:
    """Split a batch into ``(x, y, sample_weight)``; missing parts are None."""
    if isinstance(data, tuple):
        if len(data) == 1:
            return data[0], None, None
        if len(data) == 2:
            return data[0], data[1], None
        if len(data) == 3:
            return data
        raise ValueError(
            f"A batch must be x, (x, y) or (x, y, sample_weight), but received a tuple "
            f"of {len(data)} items."
        )
    return data, None, None


class ArrayData:
    """Arrays sliced into shuffled batches, with class/sample weights."""

    def __init__(
        self,
        x: Any,
        y: Any = None,
        sample_weight: Any = None,
        batch_size: int | None = None,
        shuffle: bool = True,
        class_weight: dict | None = None,
    ) -> None:
        self.x = map_structure(_as_array, x)
        self.y = map_structure(_as_array, y)
        self.num_samples = _check_lengths(self.x, self.y, sample_weight)
        self.sample_weight = _merge_weights(
            _as_array(sample_weight), self.y, class_weight, self.num_samples
        )
        self.batch_size = 32 if batch_size is None else int(batch_size)
        if self.batch_size <= 0:
            raise ValueError(
                f"batch_size must be a positive int, but received {batch_size}."
            )
        self.shuffle = shuffle

    @property
    def steps(self) -> int:
        """Batches per epoch (the last one may be smaller)."""
        return max(1, -(-self.num_samples // self.batch_size))

    def split(self, fraction: float) -> tuple[ArrayData, ArrayData]:
        """Keras's ``validation_split``: the *last* ``fraction`` of samples, unshuffled."""
        if not 0.0 < fraction < 1.0:
            raise ValueError(
                f"validation_split must be between 0 and 1, but received {fraction}."
            )
        cut = int(self.num_samples * (1.0 - fraction))
        if cut in (0, self.num_samples):
            raise ValueError(
                f"validation_split={fraction} leaves no samples for training or "
                f"validation out of {self.num_samples}. Use more data or another split."
            )
        head, tail = slice(0, cut), slice(cut, None)
        return self._subset(head), self._subset(tail)

    def _subset(self, index: Any) -> ArrayData:
        part = ArrayData.__new__(ArrayData)
        part.x = _take(self.x, index)
        part.y = _take(self.y, index)
        part.sample_weight = (
            None if self.sample_weight is None else self.sample_weight[index]
        )
        part.num_samples = len(flatten(part.x)[0])
        part.batch_size, part.shuffle = self.batch_size, self.shuffle
        return part

    def batches(self, shuffle: bool | None = None) -> Iterator[Batch]:
        """One epoch of ``(x, y, sample_weight)`` batches."""
        shuffle = self.shuffle if shuffle is None else shuffle
        order = next_rng().permutation(self.num_samples) if shuffle else None
        for start in range(0, self.num_samples, self.batch_size):
            index = (
                order[start : start + self.batch_size]
                if order is not None
                else slice(start, start + self.batch_size)
            )
            yield (
                _take(self.x, index),
                _take(self.y, index),
                None if self.sample_weight is None else self.sample_weight[index],
            )


class IterableData:
    """Batches drawn from a generator or iterable, ``steps`` per epoch."""

    def __init__(self, source: Any, steps: int | None = None) -> None:
        self.source = source
        self._iterator: Iterator | None = None
        self.steps = steps

    def batches(self, shuffle: bool | None = None) -> Iterator[Batch]:
        """One epoch: ``steps`` batches, or until a finite iterable runs out."""
        if self.steps is None:
            iterator = iter(self.source)
            if iterator is self.source and self._iterator is not None:
                raise ValueError(
                    "This generator was used up by the previous epoch. Pass "
                    "steps_per_epoch=... so each epoch draws a fixed number of batches "
                    "from an endless generator (the usual fit_generator pattern)."
                )
            self._iterator = iterator
            yield from map(unpack_batch, iterator)
            return
        if self._iterator is None:
            self._iterator = iter(self.source)
        for batch in itertools.islice(self._iterator, self.steps):
            yield unpack_batch(batch)


def adapt(
    x: Any,
    y: Any = None,
    sample_weight: Any = None,
    batch_size: int | None = None,
    shuffle: bool = False,
    steps: int | None = None,
    class_weight: dict | None = None,
) -> ArrayData | IterableData:
    """Wrap ``fit``/``evaluate``/``predict`` input in the right data class."""
    if isinstance(x, ArrayData | IterableData):
        return x
    if is_array_data(x):
        return ArrayData(x, y, sample_weight, batch_size, shuffle, class_weight)
    if y is not None:
        raise ValueError(
            "When x is a generator or iterable, it must yield (x, y) batches itself; "
            "do not also pass y."
        )
    if not hasattr(x, "__iter__"):
        raise TypeError(
            f"fit/evaluate/predict expects arrays, a list/dict of arrays, or a "
            f"generator of batches, but received {type(x).__name__}."
        )
    return IterableData(x, steps)


def _take(structure: Any, index: Any) -> Any:
    """The rows ``index`` of every array in ``structure``."""
    return map_structure(
        lambda array: None if array is None else array[index], structure
    )


def _check_lengths(x: Any, y: Any, sample_weight: Any) -> int:
    named = [("x", a) for a in flatten(x)] + [
        ("y", a) for a in flatten(y) if a is not None
    ]
    if sample_weight is not None:
        named.append(("sample_weight", np.asarray(sample_weight)))
    sizes = [np.shape(a)[0] if np.ndim(a) else 0 for _, a in named]
    if len(set(sizes)) > 1:
        shown = ", ".join(f"{n} {fmt_shape(np.shape(a))}" for n, a in named)
        raise ValueError(
            f"All inputs must have the same number of samples (first axis), but "
            f"received {shown}. Check that x and y line up one row per sample."
        )
    return sizes[0]


def _merge_weights(
    sample_weight: Any, y: Any, class_weight: dict | None, num_samples: int
) -> Any:
    if class_weight is None:
        return sample_weight
    labels = flatten(y)
    if len(labels) != 1:
        raise ValueError(
            "class_weight works with a single output only; use sample_weight."
        )
    label = labels[0]
    classes = (
        label.argmax(-1)
        if label.ndim > 1 and label.shape[-1] > 1
        else label.reshape(num_samples, -1)[:, 0]
    )
    weights = np.array(
        [class_weight.get(int(c), 1.0) for c in classes], dtype="float32"
    )
    return weights if sample_weight is None else weights * sample_weight
