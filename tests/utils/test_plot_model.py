"""``kitlib.utils.plot_model``: a matplotlib picture of the layer graph."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from kitlib import Input, Model, Sequential
from kitlib.layers import Concatenate, Dense
from kitlib.utils import plot_model

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _branchy():
    x = Input((3,), name="x")
    left, right = Dense(4, name="left")(x), Dense(2, name="right")(x)
    joined = Concatenate(name="join")([left, right])
    return Model(x, Dense(1, name="out")(joined))


def _layer_boxes(figure):
    return [
        p.get_gid() for p in figure.axes[0].patches if p.get_gid().startswith("layer:")
    ]


def _text(figure):
    texts = figure.axes[0].texts  # arrows are (empty) texts too: keep the labels
    return [t.get_text() for t in texts if str(t.get_gid()).startswith("label:")]


def test_writes_a_png_file(tmp_path):
    path = tmp_path / "model.png"
    figure = plot_model(_branchy(), to_file=str(path), dpi=50)
    assert isinstance(figure, Figure)
    data = path.read_bytes()
    assert len(data) > 1000 and data.startswith(PNG_SIGNATURE)


def test_one_box_per_layer_and_one_arrow_per_edge():
    model = _branchy()
    figure = plot_model(model)
    assert _layer_boxes(figure) == [f"layer:{layer.name}" for layer in model.layers]
    edges = sorted(c.get_gid() for c in figure.axes[0].get_children()
                   if str(c.get_gid()).startswith("edge:"))  # fmt: skip
    assert edges == [
        "edge:join->out",
        "edge:left->join",
        "edge:right->join",
        "edge:x->left",
        "edge:x->right",
    ]


def test_boxes_are_placed_by_depth_top_to_bottom():
    figure = plot_model(_branchy())
    centre = {p.get_gid(): p.get_y() for p in figure.axes[0].patches}
    # y grows downwards: the input row on top, the output row at the bottom.
    assert centre["layer:x"] < centre["layer:left"] == centre["layer:right"]
    assert centre["layer:right"] < centre["layer:join"] < centre["layer:out"]
    left_x = {p.get_gid(): p.get_x() for p in plot_model(_branchy(), rankdir="LR")
              .axes[0].patches}  # fmt: skip
    assert left_x["layer:x"] < left_x["layer:left"] < left_x["layer:out"]


def test_labels_show_names_types_and_shapes():
    labels = _text(plot_model(_branchy()))
    assert "join (Concatenate)\nin:  [(None, 4), (None, 2)]\nout: (None, 6)" in labels
    assert "x (InputLayer)\nout: (None, 3)" in labels
    bare = _text(plot_model(_branchy(), show_shapes=False, show_layer_names=False))
    assert bare == ["InputLayer", "Dense", "Dense", "Concatenate", "Dense"]
    typed = _text(plot_model(_branchy(), show_dtype=True))
    assert all(label.endswith("dtype: float32") for label in typed)


def test_sequential_plot_includes_its_input_box():
    model = Sequential([Dense(3, input_shape=(2,)), Dense(1)])
    assert len(_layer_boxes(plot_model(model))) == len(model.layers) + 1


def test_ops_in_the_graph_get_boxes_too():
    x = Input((2,), name="x")
    model = Model(x, Dense(2, name="d")(x) + x)
    labels = _text(plot_model(model, show_shapes=False))
    assert labels == ["x (InputLayer)", "d (Dense)", "add (ops.add)"]


def test_models_without_a_graph_are_a_clear_error():
    with pytest.raises(ValueError, match="unbuilt Sequential"):
        plot_model(Sequential([Dense(2)]))
    with pytest.raises(ValueError, match="rankdir"):
        plot_model(_branchy(), rankdir="BT")


def test_plot_does_not_touch_the_model(rng):
    model = _branchy()
    x = rng.normal(size=(2, 3)).astype("float32")
    before = model(x).numpy()
    plot_model(model)
    np.testing.assert_array_equal(model(x).numpy(), before)
    assert all(len(layer._inbound_nodes) == 1 for layer in model.layers)


def test_figure_renders_itself_as_png_for_jupyter():
    png = plot_model(_branchy())._repr_png_()
    assert png.startswith(PNG_SIGNATURE)
