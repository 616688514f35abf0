"""Fused softmax cross-entropy, dropout and embedding lookup on Numba kernels.

Notebook: ``notebooks/12_numba_kernels.ipynb``.

Activations live in ``kitlib.ops.activations``, convolution in
``kitlib.ops.conv``, pooling in ``kitlib.ops.pooling`` and batch normalization
in ``kitlib.ops.normalization``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.kernels import dropout as dropout_kernels
from kitlib.kernels import embedding as embedding_kernels
from kitlib.kernels import softmax_xent as xent_kernels
from kitlib.ops._nn_utils import (
    _KernelOp,
    as_float,
    as_index,
    check_index_range,
    float_dtype,
)
from kitlib.ops._op import Shape
from kitlib.utils.errors import fmt_shape
from kitlib.utils.random import make_rng


def _logits_rows(who: str, logits_shape: Shape) -> None:
    if len(logits_shape) == 0 or logits_shape[-1] == 0:
        raise ValueError(
            f"{who} expects logits with a last axis of classes, but received shape "
            f"{fmt_shape(logits_shape)}. Pass (batch, classes) scores."
        )


class SoftmaxCrossEntropy(_KernelOp):
    """``-sum(labels * log_softmax(logits), axis=-1)``; gradients to both inputs."""

    def shape_rule(self, labels_shape: Shape, logits_shape: Shape) -> Shape:
        who = "ops.softmax_cross_entropy"
        _logits_rows(who, logits_shape)
        if len(labels_shape) != len(logits_shape) or any(
            a is not None and b is not None and a != b
            for a, b in zip(labels_shape, logits_shape, strict=False)
        ):
            hint = (
                " These look like integer class labels: use "
                "ops.sparse_softmax_cross_entropy, or one-hot encode them."
                if tuple(labels_shape) == tuple(logits_shape[:-1])
                else ""
            )
            raise ValueError(
                f"{who} expects labels of the same shape as the logits "
                f"{fmt_shape(logits_shape)} (one probability per class), but "
                f"received labels of shape {fmt_shape(labels_shape)}.{hint}"
            )
        return tuple(logits_shape[:-1])

    def dtype_rule(self, labels_dtype: str, logits_dtype: str) -> str:
        return float_dtype(logits_dtype)

    def forward(self, labels: np.ndarray, logits: np.ndarray) -> tuple[np.ndarray, Any]:
        shape = self.shape_rule(labels.shape, logits.shape)
        rows = as_float(logits).reshape(-1, logits.shape[-1])
        label_rows = as_float(labels, rows.dtype).reshape(rows.shape)
        loss, log_probs = xent_kernels.softmax_cross_entropy_forward(rows, label_rows)
        return loss.reshape(shape), (log_probs, label_rows, logits.shape)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        log_probs, label_rows, shape = ctx
        grad = as_float(grad, log_probs.dtype).reshape(-1)
        dlogits = xent_kernels.softmax_cross_entropy_backward(
            log_probs, label_rows, grad
        )
        # d loss / d labels[k] = -log_softmax(logits)[k]
        dlabels = -grad[:, None] * log_probs
        return dlabels.reshape(shape), dlogits.reshape(shape)


class SparseSoftmaxCrossEntropy(_KernelOp):
    """``-log_softmax(logits)[label]`` per row; integer labels get no gradient."""

    def shape_rule(self, labels_shape: Shape, logits_shape: Shape) -> Shape:
        who = "ops.sparse_softmax_cross_entropy"
        _logits_rows(who, logits_shape)
        expected = tuple(logits_shape[:-1])
        labels_shape = tuple(labels_shape)
        if labels_shape[-1:] == (1,) and len(labels_shape) == len(logits_shape):
            labels_shape = labels_shape[:-1]  # Keras also accepts (batch, 1)
        if len(labels_shape) != len(expected) or any(
            a is not None and b is not None and a != b
            for a, b in zip(labels_shape, expected, strict=True)
        ):
            hint = (
                " These look like one-hot labels: use ops.softmax_cross_entropy, "
                "or pass labels.argmax(-1)."
                if labels_shape == tuple(logits_shape)
                else ""
            )
            raise ValueError(
                f"{who} expects one integer label per row, shape "
                f"{fmt_shape(expected)} for logits {fmt_shape(logits_shape)}, but "
                f"received labels of shape {fmt_shape(labels_shape)}.{hint}"
            )
        return expected

    def dtype_rule(self, labels_dtype: str, logits_dtype: str) -> str:
        return float_dtype(logits_dtype)

    def forward(self, labels: np.ndarray, logits: np.ndarray) -> tuple[np.ndarray, Any]:
        who = "ops.sparse_softmax_cross_entropy"
        shape = self.shape_rule(labels.shape, logits.shape)
        classes = logits.shape[-1]
        label_rows = as_index(labels, who, "labels").reshape(-1)
        check_index_range(label_rows, classes, who, "labels")
        rows = as_float(logits).reshape(-1, classes)
        loss, log_probs = xent_kernels.sparse_softmax_cross_entropy_forward(
            rows, label_rows
        )
        return loss.reshape(shape), (log_probs, label_rows, logits.shape)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        log_probs, label_rows, shape = ctx
        grad = as_float(grad, log_probs.dtype).reshape(-1)
        dlogits = xent_kernels.sparse_softmax_cross_entropy_backward(
            log_probs, label_rows, grad
        )
        return None, dlogits.reshape(shape)


class Dropout(_KernelOp):
    """Zero each value with probability ``rate``; scale survivors by ``1/(1-rate)``."""

    def __init__(
        self, rate: float, noise_shape: Any = None, seed: int | None = None
    ) -> None:
        super().__init__()
        if not 0.0 <= float(rate) < 1.0:
            raise ValueError(
                f"ops.dropout expects a rate in [0, 1), but received rate={rate!r}. "
                "The rate is the fraction of values set to 0, e.g. 0.5."
            )
        self.rate = float(rate)
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)
        self.seed = seed

    def shape_rule(self, x_shape: Shape) -> Shape:
        return x_shape

    def dtype_rule(self, dtype: str) -> str:
        return float_dtype(dtype)

    def _keep_mask(self, shape: tuple) -> np.ndarray:
        """Draw the mask from kitlib's generator (``set_random_seed`` repeats it)."""
        mask_shape = shape
        if self.noise_shape is not None:
            # None means "as in x"; a 1 shares one draw along that axis.
            pairs = zip(self.noise_shape, shape, strict=False)
            mask_shape = tuple(s if n is None else n for n, s in pairs)
        keep = make_rng(self.seed).random(mask_shape) >= self.rate
        try:
            keep = np.broadcast_to(keep, shape)
        except ValueError:
            raise ValueError(
                f"ops.dropout received noise_shape={self.noise_shape}, which does "
                f"not broadcast to the input shape {fmt_shape(shape)}. Use 1 on "
                "axes that share one mask value, None elsewhere."
            ) from None
        return np.ascontiguousarray(keep).reshape(-1)

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        flat = as_float(x).reshape(-1)
        keep = self._keep_mask(x.shape)
        scale = 1.0 / (1.0 - self.rate)
        y = dropout_kernels.dropout_forward(flat, keep, scale)
        return y.reshape(x.shape), (keep, scale, x.shape, flat.dtype)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        keep, scale, shape, dtype = ctx
        flat_grad = as_float(grad, dtype).reshape(-1)
        return (
            dropout_kernels.dropout_backward(flat_grad, keep, scale).reshape(shape),
        )


class EmbeddingLookup(_KernelOp):
    """``table[indices]``: one row of ``table`` per index; scatter-add gradient."""

    def shape_rule(self, table_shape: Shape, indices_shape: Shape) -> Shape:
        if len(table_shape) != 2:
            raise ValueError(
                "ops.embedding_lookup expects a 2-D table (input_dim, output_dim), "
                f"but received shape {fmt_shape(table_shape)}."
            )
        return (*indices_shape, table_shape[1])

    def dtype_rule(self, table_dtype: str, indices_dtype: str) -> str:
        return float_dtype(table_dtype)

    def forward(self, table: np.ndarray, indices: np.ndarray) -> tuple[np.ndarray, Any]:
        who = "ops.embedding_lookup"
        shape = self.shape_rule(table.shape, indices.shape)
        flat = as_index(indices, who, "indices").reshape(-1)
        check_index_range(flat, table.shape[0], who, "indices")
        table = as_float(table)
        out = embedding_kernels.embedding_forward(table, flat)
        return out.reshape(shape), (flat, table.shape, table.dtype)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        flat, (vocabulary, dim), dtype = ctx
        grad_rows = as_float(grad, dtype).reshape(-1, dim)
        return embedding_kernels.embedding_backward(grad_rows, flat, vocabulary), None


def softmax_cross_entropy(labels: Any, logits: Any) -> Any:
    """Cross-entropy between probability ``labels`` and ``softmax(logits)``, per sample.

    Args:
        labels: probabilities (e.g. one-hot rows), same shape as ``logits``.
        logits: unnormalized scores ``(..., classes)``.

    Returns:
        The loss for each row, shape ``logits.shape[:-1]``.

    Example:
        >>> loss = softmax_cross_entropy([[0.0, 1.0]], [[0.0, 0.0]])
        >>> round(float(loss.numpy()[0]), 4)
        0.6931
    """
    return SoftmaxCrossEntropy()(labels, logits)


def sparse_softmax_cross_entropy(labels: Any, logits: Any) -> Any:
    """Cross-entropy with integer class ``labels``, per sample.

    Args:
        labels: class numbers in ``[0, classes)``, shape ``logits.shape[:-1]``
            (a trailing axis of size 1 is also accepted).
        logits: unnormalized scores ``(..., classes)``.

    Returns:
        The loss for each row, shape ``logits.shape[:-1]``.

    Example:
        >>> loss = sparse_softmax_cross_entropy([1], [[0.0, 0.0]])
        >>> round(float(loss.numpy()[0]), 4)
        0.6931
    """
    return SparseSoftmaxCrossEntropy()(labels, logits)


def dropout(
    x: Any, rate: float, noise_shape: Any = None, seed: int | None = None
) -> Any:
    """Randomly zero a fraction ``rate`` of ``x`` and scale the rest by ``1/(1-rate)``.

    Always applies the mask: a ``Dropout`` layer skips the op at inference.

    Args:
        x: input tensor.
        rate: fraction of values to drop, in ``[0, 1)``.
        noise_shape: optional mask shape that broadcasts to ``x``'s shape.
        seed: an int gives the same mask on every call; ``None`` draws from
            kitlib's generator (reseeded by ``set_random_seed``).

    Returns:
        A tensor shaped like ``x``.

    Example:
        >>> y = dropout(np.ones(1000, "float32"), 0.5, seed=0).numpy()
        >>> sorted(set(y.tolist()))
        [0.0, 2.0]
    """
    return Dropout(rate, noise_shape, seed)(x)


def embedding_lookup(table: Any, indices: Any) -> Any:
    """Rows of ``table`` picked by integer ``indices``: ``table[indices]``.

    Args:
        table: ``(input_dim, output_dim)`` embedding matrix.
        indices: integers in ``[0, input_dim)``, any shape.

    Returns:
        ``indices.shape + (output_dim,)``. The table's gradient adds up the
        gradients of every position that used a row; the indices get none.

    Example:
        >>> table = np.arange(6, dtype="float32").reshape(3, 2)
        >>> embedding_lookup(table, [2, 0]).numpy().tolist()
        [[4.0, 5.0], [0.0, 1.0]]
    """
    return EmbeddingLookup()(table, indices)
