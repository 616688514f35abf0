"""Pooling layers: max/average over windows, or over the whole image (global)."""

from kitlib.layers.pooling.average_pooling2d import AveragePooling2D, AvgPool2D
from kitlib.layers.pooling.base_pooling2d import Pooling2D
from kitlib.layers.pooling.global_average_pooling2d import (
    GlobalAveragePooling2D,
    GlobalAvgPool2D,
)
from kitlib.layers.pooling.global_max_pooling2d import (
    GlobalMaxPool2D,
    GlobalMaxPooling2D,
)
from kitlib.layers.pooling.max_pooling2d import MaxPool2D, MaxPooling2D

__all__ = [
    "AveragePooling2D",
    "AvgPool2D",
    "GlobalAveragePooling2D",
    "GlobalAvgPool2D",
    "GlobalMaxPool2D",
    "GlobalMaxPooling2D",
    "MaxPool2D",
    "MaxPooling2D",
    "Pooling2D",
]
