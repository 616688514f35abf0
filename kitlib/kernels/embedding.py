"""Embedding lookup: gather rows of a table, and scatter-add their gradients back.

Notebook: ``notebooks/12_numba_kernels.ipynb``.

Layout: ``table`` is ``(vocabulary, dim)``; ``indices`` is a 1-D int64 array of
row numbers in ``[0, vocabulary)`` (the op flattens them and checks the
range: Numba does not check bounds).
"""

from __future__ import annotations

import numpy as np

from ._jit import njit  # a sibling kernel module: kernels import no other kitlib code


@njit()
def embedding_forward(table: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """Gather: for i: out[i, :] = table[indices[i], :]; ``out`` is ``(len, dim)``."""
    dim = table.shape[1]
    out = np.empty((indices.size, dim), table.dtype)
    for i in range(indices.size):
        for d in range(dim):
            out[i, d] = table[indices[i], d]
    return out


@njit()
def embedding_backward(
    grad: np.ndarray, indices: np.ndarray, vocabulary: int
) -> np.ndarray:
    """Scatter-add: for i: dtable[indices[i], :] += grad[i, :].

    NOTE: ``+=``, not ``=``: a token that appears twice in the batch must
    collect both gradients. (NumPy's ``dtable[indices] += grad`` would keep
    only one of them; ``np.add.at`` is the slow but correct NumPy spelling.)
    Rows of tokens that never appeared stay 0.
    """
    dim = grad.shape[1]
    dtable = np.zeros((vocabulary, dim), grad.dtype)
    for i in range(indices.size):
        for d in range(dim):
            dtable[indices[i], d] += grad[i, d]
    return dtable
