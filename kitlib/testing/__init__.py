"""Tools to test kitlib code and learners' code: gradient checks.

Notebook: ``notebooks/08_gradient_tape.ipynb``.
"""

from kitlib.testing.gradcheck import GradientCheckResult, check_gradients

__all__ = ["GradientCheckResult", "check_gradients"]
