"""Numba kernels: plain loops over NumPy arrays, readable on their own.

Notebook: ``notebooks/12_numba_kernels.ipynb``.

This package imports only NumPy, Numba and its own modules, never the rest of
kitlib: open any file and read it alone. Only ``kitlib.ops`` calls these
functions; it prepares the arrays (float dtype, C-contiguous, the layout each
docstring names) so that one compiled version of each kernel is reused.

Modules: ``activations`` (relu ... log_softmax), ``conv`` (im2col conv2d),
``pooling``, ``batchnorm``, ``softmax_xent``, ``dropout``, ``embedding``;
``_jit`` holds the one ``njit`` decorator (caching, fallbacks).
"""
