"""Helpers for the layer-zoo tests: layer gradient checks and NumPy references.

Every reference here is written from the formulas (loops and plain NumPy),
independently of kitlib's ops and kernels.
"""

from __future__ import annotations

import numpy as np

from kitlib import ops
from kitlib.tensor import Tensor, Variable
from kitlib.testing import check_gradients
from kitlib.utils.nest import flatten
from kitlib.utils.random import set_random_seed


# --- gradient checks ----------------------------------------------------------
def _weight_slots(layer):
    """``[(owner, attribute)]`` holding each trainable weight, in weights order."""
    owners = [layer, *layer._flatten_layers()]
    slots = []
    for weight in layer.trainable_weights:
        slot = next(
            (owner, name)
            for owner in owners
            for name, value in vars(owner).items()
            if value is weight
        )
        slots.append(slot)
    return slots


def check_layer_gradients(layer, x, training=None, seed=None, **call_kwargs):
    """Gradient-check ``layer`` w.r.t. its (float) input and every trainable weight.

    The layer must be built with ``dtype="float64"``. Inside ``fn`` each weight
    attribute is temporarily replaced by the Tensor the checker nudges, so the
    tape sees gradients flow to it. ``seed`` reseeds kitlib's generator before
    every call, so noisy layers draw the same noise each time.
    """
    layer(x, training=training, **call_kwargs)  # build
    slots = _weight_slots(layer)
    originals = [getattr(owner, name) for owner, name in slots]

    def fn(inputs, *weights):
        for (owner, name), weight in zip(slots, weights, strict=True):
            object.__setattr__(owner, name, weight)
        try:
            if seed is not None:
                set_random_seed(seed)
            outputs = layer(inputs, training=training, **call_kwargs)
        finally:
            for (owner, name), original in zip(slots, originals, strict=True):
                object.__setattr__(owner, name, original)
        parts = [ops.reshape(o, (-1,)) for o in flatten(outputs)]
        return parts[0] if len(parts) == 1 else ops.concatenate(parts)

    values = [np.array(w.numpy(), dtype=np.float64) for w in originals]
    _assert_weights_are_used(fn, x, values, layer)
    return check_gradients(fn, [x, *values], atol=1e-6, rtol=1e-4)


def _assert_weights_are_used(fn, x, values, layer):
    """Guard against a vacuous check: nudging each weight must change the output."""
    base = fn(Tensor(x), *map(Tensor, values)).numpy()
    for index, weight in enumerate(layer.trainable_weights):
        moved = [v + 0.5 if i == index else v for i, v in enumerate(values)]
        changed = fn(Tensor(x), *map(Tensor, moved)).numpy()
        assert not np.allclose(base, changed), f"weight {weight.name} is not used"


def float64(layer_cls, *args, **kwargs):
    """``layer_cls(*args, dtype="float64", **kwargs)``: weights precise enough to check."""
    return layer_cls(*args, dtype="float64", **kwargs)


# --- convolution and pooling references --------------------------------------
def same_pads(size, window, stride, dilation=1):
    """TensorFlow's 'same' padding: (before, after), the extra zero after."""
    span = (window - 1) * dilation + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + span - size, 0)
    return total // 2, total - total // 2


def conv2d_ref(x, kernel, bias=None, strides=(1, 1), padding="valid", dilation=(1, 1)):
    """Direct convolution: one dot product per output pixel."""
    kh, kw, _, filters = kernel.shape
    pads = [(0, 0), (0, 0)]
    if padding == "same":
        pads = [same_pads(x.shape[i + 1], kernel.shape[i], strides[i], dilation[i])
                for i in range(2)]  # fmt: skip
    xp = np.pad(x, [(0, 0), pads[0], pads[1], (0, 0)])
    span_h, span_w = (kh - 1) * dilation[0] + 1, (kw - 1) * dilation[1] + 1
    out_h = (xp.shape[1] - span_h) // strides[0] + 1
    out_w = (xp.shape[2] - span_w) // strides[1] + 1
    y = np.zeros((x.shape[0], out_h, out_w, filters))
    for i in range(out_h):
        for j in range(out_w):
            rows = i * strides[0] + dilation[0] * np.arange(kh)
            cols = j * strides[1] + dilation[1] * np.arange(kw)
            patch = xp[:, rows][:, :, cols]  # (N, kh, kw, C)
            y[:, i, j] = np.einsum("nabc,abcf->nf", patch, kernel)
    return y if bias is None else y + bias


def pool2d_ref(x, pool, strides, padding, kind):
    """Max/average pooling by loops; padded cells never win nor count."""
    pads = [(0, 0), (0, 0)]
    if padding == "same":
        pads = [same_pads(x.shape[i + 1], pool[i], strides[i]) for i in range(2)]
    xp = np.pad(x, [(0, 0), pads[0], pads[1], (0, 0)], constant_values=np.nan)
    out_h = (xp.shape[1] - pool[0]) // strides[0] + 1
    out_w = (xp.shape[2] - pool[1]) // strides[1] + 1
    y = np.zeros((x.shape[0], out_h, out_w, x.shape[3]))
    reduce = np.nanmax if kind == "max" else np.nanmean
    for i in range(out_h):
        for j in range(out_w):
            window = xp[:, i * strides[0] : i * strides[0] + pool[0],
                        j * strides[1] : j * strides[1] + pool[1]]  # fmt: skip
            y[:, i, j] = reduce(window, axis=(1, 2))
    return y


# --- recurrent references ------------------------------------------------------
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def run_rnn_ref(step, x, states, mask=None, go_backwards=False, zero_output=False):
    """Keras's loop: masked steps keep old states and repeat ``states[0]``.

    Returns ``(outputs in processing order, final states)``.
    """
    order = range(x.shape[1] - 1, -1, -1) if go_backwards else range(x.shape[1])
    outputs = []
    for t in order:
        output, new_states = step(x[:, t], states)
        if mask is not None:
            keep = mask[:, t][:, None]
            previous = np.zeros_like(output) if zero_output else states[0]
            output = np.where(keep, output, previous)
            new_states = [
                np.where(keep, n, s) for n, s in zip(new_states, states, strict=True)
            ]
        states = new_states
        outputs.append(output)
    return np.stack(outputs, axis=1), states


def weights_of(layer):
    """The layer's weights as float64 NumPy arrays."""
    return [np.asarray(w.numpy(), dtype=np.float64) for w in layer.weights]


def as_numpy(value):
    return value.numpy() if isinstance(value, Tensor | Variable) else np.asarray(value)
