"""``Embedding``: turn integer ids (words, items) into learned dense vectors.

Notebook: ``notebooks/14_rnn_and_embeddings.ipynb``.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from kitlib import constraints, initializers, ops, regularizers
from kitlib.engine.keras_tensor import KerasTensor
from kitlib.engine.layer import Layer
from kitlib.layers.argument_checks import check_positive_int


class Embedding(Layer):
    """A lookup table: ``output[..., :] = embeddings[inputs[...]]``.

    The table ``embeddings`` has shape ``(input_dim, output_dim)``: row ``i`` is
    the vector of id ``i``. It is the same as a one-hot encoding followed by a
    ``Dense`` layer without bias, but much cheaper. Only the rows that were
    looked up receive a gradient.

    Args:
        input_dim: vocabulary size: ids go from 0 to ``input_dim - 1``.
        output_dim: length of each vector.
        embeddings_initializer: default ``"uniform"`` (uniform in [-0.05, 0.05]).
        embeddings_regularizer, embeddings_constraint: optional.
        mask_zero: id 0 means "padding": the layer then outputs a mask
            (``inputs != 0``) that later layers (RNNs) use to skip those steps.
            The vocabulary must then reserve id 0, so ``input_dim = vocab + 1``.

    Input shape:
        Integers of any shape, usually ``(batch_size, sequence_length)``.

    Output shape:
        ``input_shape + (output_dim,)``.

    Example:
        >>> import numpy as np
        >>> layer = Embedding(10, 3, mask_zero=True)
        >>> y = layer(np.array([[4, 2, 0]]))
        >>> y.shape, y._keras_mask.numpy().tolist()
        ((1, 3, 3), [[True, True, False]])

    Keras note: Keras 2's ``input_length`` is accepted and ignored, as Keras 3 does.
    """

    def __init__(
        self,
        input_dim: int,
        output_dim: int,
        embeddings_initializer: Any = "uniform",
        embeddings_regularizer: Any = None,
        embeddings_constraint: Any = None,
        mask_zero: bool = False,
        **kwargs: Any,
    ) -> None:
        if kwargs.pop("input_length", None) is not None:
            warnings.warn(
                "Embedding's input_length argument is deprecated (Keras 3) and "
                "ignored: the sequence length comes from the input.",
                stacklevel=2,
            )
        super().__init__(**kwargs)
        self.input_dim = check_positive_int(
            input_dim, "Embedding", "input_dim",
            "input_dim is the vocabulary size (largest id + 1), e.g. 10000.",
        )  # fmt: skip
        self.output_dim = check_positive_int(
            output_dim, "Embedding", "output_dim",
            "output_dim is the length of each embedding vector, e.g. 64.",
        )  # fmt: skip
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = bool(mask_zero)
        self.supports_masking = self.mask_zero

    def build(self, input_shape: tuple) -> None:
        self.embeddings = self.add_weight(
            name="embeddings",
            shape=(self.input_dim, self.output_dim),
            initializer=self.embeddings_initializer,
            regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint,
        )

    def call(self, inputs: Any) -> Any:
        if not isinstance(inputs, KerasTensor):
            self._check_ids(inputs.numpy())
        return ops.embedding_lookup(self.embeddings, inputs)

    def _check_ids(self, ids: np.ndarray) -> None:
        if ids.size and (ids.min() < 0 or ids.max() >= self.input_dim):
            bad = int(ids[(ids < 0) | (ids >= self.input_dim)].flat[0])
            raise ValueError(
                f"Layer '{self.name}' (Embedding) has a vocabulary of input_dim="
                f"{self.input_dim} ids (0 to {self.input_dim - 1}), but received id "
                f"{bad}. Make input_dim larger than the largest id (vocabulary size "
                "+ 1 when 0 is reserved for padding)."
            )

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """``inputs != 0`` when ``mask_zero``; otherwise no mask."""
        if not self.mask_zero:
            return None
        return ops.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return (*input_shape, self.output_dim)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": initializers.serialize(
                self.embeddings_initializer
            ),
            "embeddings_regularizer": regularizers.serialize(
                self.embeddings_regularizer
            ),
            "embeddings_constraint": constraints.serialize(self.embeddings_constraint),
            "mask_zero": self.mask_zero,
        }
