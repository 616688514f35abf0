"""Teaching widgets: look inside layers, graphs and training from a notebook.

Notebooks: ``02_layer_lifecycle`` (LayerInspector), ``04_nodes_and_history`` and
``05_functional_models`` (GraphExplorer), ``10_callbacks`` (TrainingMonitor),
``11_cnn_layers`` (FilterViewer, ActivationViewer).

Each widget is one line in a notebook::

    from kitlib.widgets import LayerInspector
    LayerInspector(Dense(3), input_shape=5)

Widget pattern (follow it for new widgets):

1. **State object**: a plain class (``LayerInspectorState``,
   ``GraphExplorerState``) that holds the data and does the work (build the
   layer, replay the graph walk). No ipywidgets inside, so it can be tested
   and printed (``__str__``) anywhere.
2. **View**: a subclass of :class:`kitlib.widgets._base.WidgetView` that keeps
   the state as ``self.state``, creates its controls as public attributes
   (``build_button``, ``node_picker``...), puts them in ``self.widget`` (a
   ``VBox`` with a ``kitlib-<name>`` CSS class) and wires callbacks. Every
   callback calls the state, then one ``_refresh()`` that re-renders all
   views from the state. Callbacks are wrapped in ``_base.guarded`` so an
   exception shows up in ``self.status`` instead of a log nobody reads.
3. **Figures**: draw on a bare ``matplotlib.figure.Figure`` and put it into an
   ``ipywidgets.Output`` with ``_base.show_figure`` (never ``pyplot``).
4. **No front-end**: ``WidgetView._repr_mimebundle_`` sends the live widget plus
   ``text/html`` (``to_html()``) and ``text/plain`` (``__str__``) fallbacks.
5. **Tests** drive the controls from Python (``button.click()``, setting a
   dropdown's ``.value``) and assert on the state and the rendered text.

Nothing else in ``kitlib`` imports this package: widgets sit at the top of the
dependency order.
"""

from kitlib.widgets.activation_viewer import ActivationViewer
from kitlib.widgets.filter_viewer import FilterViewer
from kitlib.widgets.graph_explorer import GraphExplorer
from kitlib.widgets.layer_inspector import LayerInspector
from kitlib.widgets.training_monitor import TrainingMonitor

__all__ = [
    "ActivationViewer",
    "FilterViewer",
    "GraphExplorer",
    "LayerInspector",
    "TrainingMonitor",
]
