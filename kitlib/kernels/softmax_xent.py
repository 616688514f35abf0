"""Fused softmax + cross-entropy: the loss and its gradient in one pass per row.

Notebook: ``notebooks/12_numba_kernels.ipynb``.

Layout: ``logits`` is ``(rows, classes)``, C-contiguous (the op flattens the
leading axes). Labels are either probabilities of the same shape (dense) or
one int64 class index per row (sparse). The loss of row r is

    loss[r] = -sum_k labels[r, k] * log_softmax(logits[r])[k]

NOTE: fusing the two steps is what makes this stable. ``log(softmax(x))``
computed separately gives ``log(0) = -inf`` once a probability underflows;
``log_softmax(x) = x - max(x) - log(sum(exp(x - max(x))))`` never does. The
gradient is just as simple: ``softmax(logits) * sum(labels) - labels``.
"""

from __future__ import annotations

import math

import numpy as np

from ._jit import njit  # a sibling kernel module: kernels import no other kitlib code


@njit()
def _log_softmax_row(logits: np.ndarray, r: int, out: np.ndarray) -> None:
    """Write the log-softmax of row ``r`` of ``logits`` into ``out[r]``."""
    classes = logits.shape[1]
    top = logits[r, 0]
    for k in range(1, classes):
        top = max(top, logits[r, k])
    total = 0.0
    for k in range(classes):
        total += math.exp(logits[r, k] - top)
    shift = top + math.log(total)
    for k in range(classes):
        out[r, k] = logits[r, k] - shift


@njit()
def softmax_cross_entropy_forward(logits: np.ndarray, labels: np.ndarray) -> tuple:
    """Per-row loss with probability labels.

    Returns:
        ``(loss, log_probs)``: ``loss`` is ``(rows,)``; ``log_probs`` is the
        ``(rows, classes)`` log-softmax, kept for the backward pass.

    Loop::

        for r: log_probs[r] = log_softmax(logits[r])
               loss[r] = -sum_k labels[r, k] * log_probs[r, k]
    """
    rows, classes = logits.shape
    log_probs = np.empty_like(logits)
    loss = np.empty(rows, logits.dtype)
    for r in range(rows):
        _log_softmax_row(logits, r, log_probs)
        total = 0.0
        for k in range(classes):
            total -= labels[r, k] * log_probs[r, k]
        loss[r] = total
    return loss, log_probs


@njit()
def softmax_cross_entropy_backward(
    log_probs: np.ndarray, labels: np.ndarray, grad: np.ndarray
) -> np.ndarray:
    """Gradient w.r.t. the logits; ``grad`` is the upstream ``(rows,)``.

    Loop::

        for r, k: dlogits[r, k] = grad[r] * (exp(log_probs[r, k]) * sum(labels[r])
                                             - labels[r, k])
    """
    rows, classes = log_probs.shape
    dlogits = np.empty_like(log_probs)
    for r in range(rows):
        mass = 0.0
        for k in range(classes):
            mass += labels[r, k]
        for k in range(classes):
            dlogits[r, k] = grad[r] * (math.exp(log_probs[r, k]) * mass - labels[r, k])
    return dlogits


@njit()
def sparse_softmax_cross_entropy_forward(
    logits: np.ndarray, labels: np.ndarray
) -> tuple:
    """Per-row loss with int64 class labels in ``[0, classes)`` (checked by the op).

    Returns:
        ``(loss, log_probs)`` with ``loss[r] = -log_probs[r, labels[r]]``.
    """
    rows = logits.shape[0]
    log_probs = np.empty_like(logits)
    loss = np.empty(rows, logits.dtype)
    for r in range(rows):
        _log_softmax_row(logits, r, log_probs)
        loss[r] = -log_probs[r, labels[r]]
    return loss, log_probs


@njit()
def sparse_softmax_cross_entropy_backward(
    log_probs: np.ndarray, labels: np.ndarray, grad: np.ndarray
) -> np.ndarray:
    """Gradient w.r.t. the logits: ``grad[r] * (softmax - one_hot(labels[r]))``."""
    rows, classes = log_probs.shape
    dlogits = np.empty_like(log_probs)
    for r in range(rows):
        for k in range(classes):
            dlogits[r, k] = grad[r] * math.exp(log_probs[r, k])
        dlogits[r, labels[r]] -= grad[r]
    return dlogits
