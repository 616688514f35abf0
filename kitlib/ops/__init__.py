"""Differentiable ops: each one works eagerly, on a GradientTape, and symbolically.

Notebook: ``notebooks/08_gradient_tape.ipynb``.

Every public function here wraps one ``Op`` class (see ``kitlib/ops/_op.py``),
except the constant makers (``zeros``, ``ones``, ``full``, ``eye``, ``arange``);
``OP_REGISTRY`` maps each op's snake-case name to its class.
"""

from kitlib.ops._op import OP_REGISTRY, Op
from kitlib.ops.comparison import (
    all,
    any,
    equal,
    greater,
    greater_equal,
    less,
    less_equal,
    logical_and,
    logical_not,
    logical_or,
    not_equal,
)
from kitlib.ops.creation import arange, eye, full, ones, zeros
from kitlib.ops.elementwise import (
    add,
    divide,
    maximum,
    minimum,
    multiply,
    power,
    subtract,
    where,
)
from kitlib.ops.indexing import get_item, repeat, take
from kitlib.ops.linalg import matmul
from kitlib.ops.math import (
    abs,
    cast,
    clip,
    exp,
    log,
    log1p,
    negative,
    ones_like,
    sign,
    sqrt,
    square,
    zeros_like,
)
from kitlib.ops.reductions import (
    argmax,
    argmin,
    logsumexp,
    max,
    mean,
    min,
    prod,
    std,
    sum,
    var,
)
from kitlib.ops.shape_ops import (
    concatenate,
    expand_dims,
    reshape,
    squeeze,
    stack,
    transpose,
)
from kitlib.ops.tiling import broadcast_to, pad, tile

# --- nn ops on Numba kernels (activations, conv, pooling, normalization, nn) ---
# isort: split
from kitlib.ops.activations import (
    elu,
    leaky_relu,
    log_softmax,
    relu,
    sigmoid,
    softmax,
    tanh,
)
from kitlib.ops.bias_activation import bias_activation
from kitlib.ops.conv import conv2d
from kitlib.ops.nn import (
    dropout,
    embedding_lookup,
    softmax_cross_entropy,
    sparse_softmax_cross_entropy,
)
from kitlib.ops.normalization import batch_normalization, batch_normalization_training
from kitlib.ops.pooling import avg_pool2d, max_pool2d

__all__ = [
    "OP_REGISTRY",
    "Op",
    "abs",
    "add",
    "all",
    "any",
    "arange",
    "argmax",
    "argmin",
    "avg_pool2d",
    "batch_normalization",
    "batch_normalization_training",
    "bias_activation",
    "broadcast_to",
    "cast",
    "clip",
    "concatenate",
    "conv2d",
    "divide",
    "dropout",
    "elu",
    "embedding_lookup",
    "equal",
    "exp",
    "expand_dims",
    "eye",
    "full",
    "get_item",
    "greater",
    "greater_equal",
    "leaky_relu",
    "less",
    "less_equal",
    "log",
    "log1p",
    "log_softmax",
    "logical_and",
    "logical_not",
    "logical_or",
    "logsumexp",
    "matmul",
    "max",
    "max_pool2d",
    "maximum",
    "mean",
    "min",
    "minimum",
    "multiply",
    "negative",
    "not_equal",
    "ones",
    "ones_like",
    "pad",
    "power",
    "prod",
    "relu",
    "repeat",
    "reshape",
    "sigmoid",
    "sign",
    "softmax",
    "softmax_cross_entropy",
    "sparse_softmax_cross_entropy",
    "sqrt",
    "square",
    "squeeze",
    "stack",
    "std",
    "subtract",
    "sum",
    "take",
    "tanh",
    "tile",
    "transpose",
    "var",
    "where",
    "zeros",
    "zeros_like",
]
