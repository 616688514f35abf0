"""Nodes, ``_keras_history`` and the graph walk, on seed 001's seven-layer graph A-G."""

import subprocess
import sys
import textwrap

import numpy as np
import pytest

from kitlib import Input, Layer, Model, ops
from kitlib.layers import Concatenate, Dense, add
from kitlib.utils.naming import reset_names


def seed001_graph():
    """A (input) feeds B and C; B -> D, C -> E; F = Concatenate([E, D]); G on F."""
    a_out = Input(shape=(4,), name="A")
    layers = {"A": a_out._keras_history.operation}
    for name, units in (("B", 3), ("C", 3), ("D", 2), ("E", 5), ("G", 1)):
        layers[name] = Dense(units, name=name)
    layers["F"] = Concatenate(name="F")
    b_out = layers["B"](a_out)
    c_out = layers["C"](a_out)
    d_out = layers["D"](b_out)
    e_out = layers["E"](c_out)
    f_out = layers["F"]([e_out, d_out])
    g_out = layers["G"](f_out)
    tensors = {"a": a_out, "d": d_out, "e": e_out, "f": f_out, "g": g_out}
    return layers, tensors, Model(a_out, g_out)


def test_seed001_node_of_f_has_the_keras2_attributes():
    layers, t, _ = seed001_graph()
    F = layers["F"]
    assert len(F._inbound_nodes) == 1
    node = F._inbound_nodes[0]
    assert node.outbound_layer is F
    assert node.inbound_layers == [layers["E"], layers["D"]]  # call order
    assert node.node_indices == [0, 0]
    assert node.tensor_indices == [0, 0]
    assert node.input_tensors == [t["e"], t["d"]]
    assert node.output_tensors == [t["f"]]
    assert node.input_shapes == [(None, 5), (None, 2)]
    assert node.output_shapes == [(None, 7)]


def test_seed001_outbound_nodes_and_keras_history():
    layers, t, _ = seed001_graph()
    F, G = layers["F"], layers["G"]
    assert F._outbound_nodes == [G._inbound_nodes[0]]
    assert layers["E"]._outbound_nodes == [F._inbound_nodes[0]]
    assert layers["D"]._outbound_nodes == [F._inbound_nodes[0]]
    assert layers["A"]._outbound_nodes == [
        layers["B"]._inbound_nodes[0],
        layers["C"]._inbound_nodes[0],
    ]
    assert t["g"]._keras_history == (G, 0, 0)
    assert t["g"]._keras_history.layer is G  # the Keras 2 name
    assert t["f"]._keras_history == (F, 0, 0)


def test_seed001_input_tensors_follow_the_seed_formula():
    # input_tensors[i] == inbound_layers[i]._inbound_nodes[node_indices[i]]
    #                       .output_tensors[tensor_indices[i]]
    layers, _, _ = seed001_graph()
    for layer in layers.values():
        node = layer._inbound_nodes[0]
        rebuilt = [
            parent._inbound_nodes[n].output_tensors[k]
            for parent, n, k in zip(
                node.inbound_layers, node.node_indices, node.tensor_indices, strict=True
            )
        ]
        assert rebuilt == node.input_tensors


def test_seed001_input_node_and_parent_nodes():
    layers, _, _ = seed001_graph()
    input_node = layers["A"]._inbound_nodes[0]
    assert input_node.is_input and input_node.inbound_layers == []
    f_node = layers["F"]._inbound_nodes[0]
    assert f_node.parent_nodes == [
        layers["E"]._inbound_nodes[0],
        layers["D"]._inbound_nodes[0],
    ]
    assert layers["B"]._inbound_nodes[0].parent_nodes == [input_node]


def test_seed001_depths_count_from_the_output():
    layers, _, model = seed001_graph()
    graph = model._functional.map
    depth = {n.operation.name: graph.node_depths[id(n)] for n in graph.nodes}
    assert depth == {"G": 0, "F": 1, "E": 2, "D": 2, "C": 3, "B": 3}
    by_depth = graph.nodes_by_depth()
    assert list(by_depth) == [3, 2, 1, 0]
    assert [n.operation.name for n in by_depth[2]] == ["E", "D"]


def test_seed001_layer_order_inputs_then_deepest_first():
    _, _, model = seed001_graph()
    assert [layer.name for layer in model.layers] == ["A", "C", "B", "E", "D", "F", "G"]


def test_seed001_layer_order_is_the_same_when_built_again():
    _, _, first = seed001_graph()
    reset_names()
    _, _, second = seed001_graph()
    assert [x.name for x in first.layers] == [x.name for x in second.layers]


def test_layer_order_is_deterministic_across_processes():
    script = textwrap.dedent(
        """
        import sys
        sys.path.insert(0, {tests!r})
        from test_node_graph import seed001_graph
        print(",".join(layer.name for layer in seed001_graph()[2].layers))
        """
    ).format(tests=str(__import__("pathlib").Path(__file__).parent))
    runs = []
    for hash_seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env={"PYTHONHASHSEED": hash_seed, "PATH": ""},
            check=True,
            timeout=120,
        )
        runs.append(result.stdout.strip())
    assert runs[0] == runs[1] == "A,C,B,E,D,F,G"


def test_seed001_model_computes_the_same_as_the_layers_by_hand(rng):
    layers, _, model = seed001_graph()
    x = rng.normal(size=(2, 4)).astype("float32")

    def dense(name, value):
        kernel, bias = layers[name].get_weights()
        return value @ kernel + bias

    b, c = dense("B", x), dense("C", x)
    expected = dense("G", np.concatenate([dense("E", c), dense("D", b)], axis=-1))
    np.testing.assert_allclose(model(x).numpy(), expected, rtol=1e-5, atol=1e-6)


def test_shared_layer_gets_one_node_per_call_and_accessors_work(rng):
    shared = Dense(2, name="shared")
    x1, x2 = Input((3,), name="x1"), Input((3,), name="x2")
    y1, y2 = shared(x1), shared(x2)
    assert [y1._keras_history.node_index, y2._keras_history.node_index] == [0, 1]
    assert len(shared._inbound_nodes) == 2
    assert shared.get_input_at(0) is x1 and shared.get_input_at(1) is x2
    assert shared.get_output_at(0) is y1 and shared.get_output_at(1) is y2
    assert shared.get_input_shape_at(1) == (None, 3)
    assert shared.get_output_shape_at(0) == (None, 2)
    with pytest.raises(AttributeError, match="called 2 times"):
        _ = shared.output
    model = Model([x1, x2], add([y1, y2]))
    a = rng.normal(size=(2, 3)).astype("float32")
    b = rng.normal(size=(2, 3)).astype("float32")
    kernel, bias = shared.get_weights()
    expected = (a @ kernel + bias) + (b @ kernel + bias)
    np.testing.assert_allclose(model([a, b]).numpy(), expected, rtol=1e-5)
    assert [layer.name for layer in model.layers].count("shared") == 1


class Split(Layer):
    """Two outputs: the first ``k`` features and the rest."""

    def call(self, inputs):
        return [inputs[:, :2], inputs[:, 2:]]


def test_multi_output_layer_gives_tensor_indices():
    x = Input((5,))
    left, right = Split(name="split")(x)
    assert left._keras_history.tensor_index == 0
    assert right._keras_history.tensor_index == 1
    joined = Concatenate()([right, left])
    node = joined._keras_history.operation._inbound_nodes[0]
    assert node.tensor_indices == [1, 0] and node.node_indices == [0, 0]
    model = Model(x, joined)
    data = np.arange(10, dtype="float32").reshape(2, 5)
    expected = np.concatenate([data[:, 2:], data[:, :2]], axis=1)
    np.testing.assert_array_equal(model(data).numpy(), expected)


def test_ops_on_keras_tensors_become_nodes():
    x = Input((3,))
    y = Dense(3, name="d")(x)
    z = y + x
    op = z._keras_history.operation
    assert not isinstance(op, Layer)
    node = op._inbound_nodes[0]
    assert node.inbound_layers == [
        y._keras_history.operation,
        x._keras_history.operation,
    ]
    w = ops.matmul(z, np.eye(3, dtype="float32"))
    assert w._keras_history.operation._inbound_nodes[0].parent_nodes == [node]
