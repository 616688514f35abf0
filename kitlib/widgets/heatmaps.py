"""Weight heatmaps: any weight drawn as a grid of coloured cells.

Notebook: ``notebooks/02_layer_lifecycle.ipynb``.

Shared by the widgets that show weights (the layer inspector, filter views).
Colours are symmetric around zero (blue negative, red positive), so the sign
of each weight reads at a glance, and small matrices print their numbers.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from kitlib.utils.errors import fmt_shape


def weight_matrix(value: np.ndarray) -> np.ndarray:
    """A 2-D view of a weight for a heatmap.

    A vector becomes one row; a kernel with more axes is flattened to
    ``(everything else, last axis)``, e.g. a conv kernel ``(3, 3, 1, 8)`` to
    ``(9, 8)``: one column per filter.

    Example:
        >>> weight_matrix(np.zeros((3, 3, 1, 8))).shape
        (9, 8)
        >>> weight_matrix(np.zeros(4)).shape
        (1, 4)
    """
    if value.ndim == 0:
        return value.reshape(1, 1)
    if value.ndim == 1:
        return value.reshape(1, -1)
    return value.reshape(-1, value.shape[-1])


def heatmap_figure(name: str, value: np.ndarray) -> Figure:
    """A heatmap of one weight, coloured symmetrically around zero.

    Args:
        name: the weight's name, for the title.
        value: the weight's values (any number of axes, see :func:`weight_matrix`).

    Returns:
        A matplotlib ``Figure`` (not attached to pyplot).
    """
    matrix = weight_matrix(np.asarray(value, dtype=float))
    rows, cols = matrix.shape
    figure = Figure(figsize=(min(1.0 + 0.5 * cols, 9.0), min(1.2 + 0.4 * rows, 6.0)))
    axes = figure.add_subplot()
    limit = float(np.abs(matrix).max()) or 1.0  # an all-zero bias still draws
    image = axes.imshow(matrix, cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto")
    figure.colorbar(image, ax=axes)
    axes.set_title(f"{name} {fmt_shape(value.shape)}")
    if value.ndim == 2:
        axes.set_xlabel("axis 1 (columns)")
        axes.set_ylabel("axis 0 (rows)")
    # Whole-number ticks: cells are indices, "-0.5" would mean nothing here.
    axes.set_yticks(range(rows) if rows <= 20 else [])
    axes.set_xticks(range(cols) if cols <= 20 else [])
    if rows * cols <= 64:  # small enough to print the numbers in the cells
        for (i, j), number in np.ndenumerate(matrix):
            color = "white" if abs(number) > 0.6 * limit else "black"
            axes.text(
                j, i, f"{number:.2f}", ha="center", va="center", fontsize=8, color=color
            )
    return figure
