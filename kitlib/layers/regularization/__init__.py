"""Regularization layers: SpatialDropout2D, GaussianNoise, ActivityRegularization.

``Dropout`` is a core layer (``kitlib.layers.core``).
"""

from kitlib.layers.regularization.activity_regularization import ActivityRegularization
from kitlib.layers.regularization.gaussian_noise import GaussianNoise
from kitlib.layers.regularization.spatial_dropout2d import SpatialDropout2D

__all__ = ["ActivityRegularization", "GaussianNoise", "SpatialDropout2D"]
