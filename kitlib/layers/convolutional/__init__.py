"""Convolution layers: Conv1D, Conv2D (alias Convolution2D), UpSampling2D, ZeroPadding2D."""

from kitlib.layers.convolutional.conv1d import Conv1D
from kitlib.layers.convolutional.conv2d import Conv2D, Convolution2D
from kitlib.layers.convolutional.upsampling2d import UpSampling2D
from kitlib.layers.convolutional.zero_padding2d import ZeroPadding2D

__all__ = ["Conv1D", "Conv2D", "Convolution2D", "UpSampling2D", "ZeroPadding2D"]
