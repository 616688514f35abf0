"""How a layer shows itself: ``repr``, ``str`` and a table in Jupyter.

Notebook: ``notebooks/02_layer_lifecycle.ipynb``.
"""

from __future__ import annotations

import html

from kitlib.utils.errors import fmt_shape


class LayerDisplay:
    """Mixin: ``__repr__`` (one line), ``__str__`` (readable), ``_repr_html_``."""

    def _weight_summary(self) -> str:
        if not self.built:
            return "no weights yet (not built)"
        if not self.weights:
            return "no weights"
        return ", ".join(
            f"{w.name.rsplit('/', 1)[-1]} {fmt_shape(w.shape)}" for w in self.weights
        )

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} name={self.name}, built={self.built}, "
            f"weights=[{self._weight_summary()}]>"
        )

    def __str__(self) -> str:
        state = "built" if self.built else "not built"
        params = f", {self.count_params():,} params" if self.built else ""
        return (
            f"{type(self).__name__} '{self.name}' ({state}{params}): "
            f"{self._weight_summary()}"
        )

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(w.name)}</td><td>{fmt_shape(w.shape)}</td>"
            f"<td>{w.dtype}</td><td>{w.trainable}</td></tr>"
            for w in self.weights
        )
        table = (
            "<table><tr><th>weight</th><th>shape</th><th>dtype</th>"
            f"<th>trainable</th></tr>{rows}</table>"
            if rows
            else f"<p><i>{html.escape(self._weight_summary())}</i></p>"
        )
        title = html.escape(f"{type(self).__name__} '{self.name}'")
        state = "built" if self.built else "not built"
        return f"<div><b>{title}</b> ({state}){table}</div>"
