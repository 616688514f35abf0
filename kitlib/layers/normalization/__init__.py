"""Normalization layers: BatchNormalization and LayerNormalization."""

from kitlib.layers.normalization.batch_normalization import BatchNormalization
from kitlib.layers.normalization.layer_normalization import LayerNormalization

__all__ = ["BatchNormalization", "LayerNormalization"]
