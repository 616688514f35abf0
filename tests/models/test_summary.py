"""``model.summary()``: exact Keras-style tables for small models."""

import pytest

from kitlib import Input, Model, Sequential
from kitlib.layers import Dense, add, concatenate
from kitlib.models.summary import format_summary

# Dense(4) on 3 features: 3*4 + 4 = 16 params; Dense(2) on 4: 4*2 + 2 = 10.
SEQUENTIAL_TABLE = """\
Model: "mlp"
_________________________________________________________________
Layer (type)                 Output Shape              Param #
=================================================================
hidden (Dense)               (None, 4)                 16
_________________________________________________________________
out (Dense)                  (None, 2)                 10
=================================================================
Total params: 26
Trainable params: 26
Non-trainable params: 0
_________________________________________________________________"""


def _mlp_sequential():
    return Sequential(
        [Dense(4, input_shape=(3,), name="hidden"), Dense(2, name="out")], name="mlp"
    )


def _lines(model, **kwargs):
    captured = []
    model.summary(print_fn=captured.append, **kwargs)
    return captured


def test_sequential_summary_exact_text():
    assert "\n".join(_lines(_mlp_sequential())) == SEQUENTIAL_TABLE


def test_summary_prints_with_print_by_default(capsys):
    _mlp_sequential().summary()
    assert capsys.readouterr().out == SEQUENTIAL_TABLE + "\n"


def test_same_model_built_both_ways_has_equal_summaries():
    x = Input((3,), name="features")
    functional = Model(
        x, Dense(2, name="out")(Dense(4, name="hidden")(x)), name="functional_mlp"
    )
    functional_lines = _lines(functional)
    sequential_lines = _lines(_mlp_sequential())
    # The functional table has a title with its own name and one more row: the
    # InputLayer (Keras shows it for functional models, not for Sequential).
    assert functional_lines[0] == 'Model: "functional_mlp"'
    assert functional_lines[4] == f"{'features (InputLayer)':<29}{'(None, 3)':<26}0"
    assert functional_lines[5] == "_" * 65
    assert functional_lines[1:4] + functional_lines[6:] == sequential_lines[1:]


def test_branchy_functional_summary_has_connected_to():
    x = Input((3,), name="pixels")
    left, right = Dense(4, name="left")(x), Dense(4, name="right")(x)
    summed = add([left, right], name="sum")
    out = Dense(2, name="out")(concatenate([summed, left], name="join"))
    text = format_summary(Model(x, out, name="branchy"))
    bar, thick = "_" * 98, "=" * 98
    row = "{:<32}{:<21}{:<12}{}".format
    expected = [
        'Model: "branchy"',
        bar,
        row("Layer (type)", "Output Shape", "Param #", "Connected to"),
        thick,
        row("pixels (InputLayer)", "(None, 3)", "0", "").rstrip(),
        bar,
        row("left (Dense)", "(None, 4)", "16", "pixels[0][0]"),
        bar,
        row("right (Dense)", "(None, 4)", "16", "pixels[0][0]"),
        bar,
        row("sum (Add)", "(None, 4)", "0", "left[0][0]"),
        " " * 65 + "right[0][0]",
        bar,
        row("join (Concatenate)", "(None, 8)", "0", "sum[0][0]"),
        " " * 65 + "left[0][0]",
        bar,
        row("out (Dense)", "(None, 2)", "18", "join[0][0]"),  # 8*2 + 2
        thick,
        "Total params: 50",
        "Trainable params: 50",
        "Non-trainable params: 0",
        bar,
    ]
    assert text.split("\n") == expected


def test_ops_appear_as_rows_with_their_inputs():
    v = Input((2,), name="v")
    text = format_summary(Model(v, Dense(2, name="d")(v) + v, name="res"))
    assert "add (ops.add)" in text
    assert "d[0][0]" in text and "v[0][0]" in text


def test_shared_layer_output_shape_is_multiple_and_node_indices_show():
    shared = Dense(2, name="shared")
    a, b = Input((3,), name="a"), Input((3,), name="b")
    text = format_summary(Model([a, b], add([shared(a), shared(b)], name="sum")))
    shared_line = next(line for line in text.split("\n") if line.startswith("shared"))
    assert "multiple" in shared_line and "8" in shared_line
    assert "shared[0][0]" in text and "shared[1][0]" in text


def test_frozen_layer_counts_as_non_trainable():
    model = _mlp_sequential()
    model.get_layer("hidden").trainable = False
    lines = _lines(model)
    assert lines[-4:-1] == [
        "Total params: 26",
        "Trainable params: 10",
        "Non-trainable params: 16",
    ]


def test_nested_model_is_one_row_unless_expanded():
    inner = _mlp_sequential()
    x = Input((3,), name="x")
    outer = Model(x, Dense(1, name="head")(inner(x)), name="outer")
    collapsed = format_summary(outer)
    assert "mlp (Sequential)             (None, 2)                 26" in collapsed
    assert "hidden" not in collapsed
    expanded = format_summary(outer, expand_nested=True).split("\n")
    assert "| hidden (Dense)             (None, 4)                 16" in expanded
    assert "| out (Dense)                (None, 2)                 10" in expanded
    assert "Total params: 29" in expanded  # 26 + 2*1 + 1


def test_line_length_and_positions():
    lines = _lines(_mlp_sequential(), line_length=80)
    assert lines[1] == "_" * 80
    lines = _lines(_mlp_sequential(), positions=[20, 35, 45])
    assert lines[4].startswith("hidden (Dense)      (None, 4)      16")


def test_subclassed_model_rows_before_and_after_build():
    class TwoLayers(Model):
        def __init__(self):
            super().__init__(name="two")
            self.first, self.second = Dense(3, name="first"), Dense(1, name="second")

        def call(self, inputs):
            return self.second(self.first(inputs))

    model = TwoLayers()
    assert "first (Dense)                ?                         0 (unbuilt)" in (
        _lines(model)
    )
    model.build((None, 2))
    lines = _lines(model)
    assert "first (Dense)                ?                         9" in lines
    assert "Total params: 13" in lines  # (2*3 + 3) + (3*1 + 1)


def test_unbuilt_sequential_summary_is_a_helpful_error():
    with pytest.raises(ValueError, match=r"model\.build\(\(None, 5\)\).*input_shape="):
        Sequential([Dense(2)]).summary()
