"""GraphExplorer: node picking and the replayed graph walk on seed 001's A-G graph."""

import base64

import pytest

import kitlib
from kitlib.layers import Concatenate, Dense
from kitlib.models import Sequential
from kitlib.widgets import GraphExplorer
from kitlib.widgets._base import ERROR_CLASS

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def seed_001_model():
    """Seed 001's graph: A -> B -> C -> E, A -> D, F = concat([E, D]), G(F)."""
    a = kitlib.Input((8,), name="A")
    b = Dense(8, name="B")(a)
    c = Dense(8, name="C")(b)
    d = Dense(4, name="D")(a)
    e = Dense(4, name="E")(c)
    f = Concatenate(name="F")([e, d])
    g = Dense(2, name="G")(f)
    return kitlib.Model(inputs=a, outputs=g)


def _labels(explorer, nodes):
    return [explorer.state.label(n) for n in nodes]


def test_graph_explorer_lists_every_node_input_first(seed_001_model):
    explorer = GraphExplorer(seed_001_model)
    labels = [label for label, _ in explorer.node_picker.options]
    assert labels == ["A", "B", "C", "E", "D", "F", "G"]
    assert explorer.selected_node.operation.name == "G"  # the output is picked first


def test_graph_explorer_picking_concatenate_shows_its_node_attributes(seed_001_model):
    explorer = GraphExplorer(seed_001_model)
    explorer.node_picker.value = explorer.state.index_of("F")
    attributes = explorer.selected_attributes()
    assert attributes["outbound_layer"] == "F (Concatenate)"
    assert attributes["inbound_layers"] == "[E, D]"  # call order
    assert attributes["node_indices"] == "[0, 0]"
    assert attributes["tensor_indices"] == "[0, 0]"
    assert attributes["input_shapes"] == "(None, 4), (None, 4)"
    assert attributes["output_shapes"] == "(None, 8)"
    assert attributes["depth"] == "1"
    assert "[E, D]" in explorer.node_view.value
    assert "[E, D]" in str(explorer)


def test_graph_explorer_shows_keras_history_of_node_tensors(seed_001_model):
    explorer = GraphExplorer(seed_001_model)
    node = seed_001_model.get_layer("F")._inbound_nodes[0]
    assert explorer.state.history_rows(node) == [
        ("input 0", "(None, 4)", "E", 0, 0),
        ("input 1", "(None, 4)", "D", 0, 0),
        ("output 0", "(None, 8)", "F", 0, 0),
    ]
    explorer.node_picker.value = explorer.state.index_of("F")
    assert "_keras_history" in explorer.node_view.value


def test_graph_explorer_depths_match_hand_computed(seed_001_model):
    explorer = GraphExplorer(seed_001_model)
    depths = {
        explorer.state.label(n): explorer.state.depths[id(n)]
        for n in explorer.state.nodes
    }
    assert depths == {"G": 0, "F": 1, "E": 2, "D": 2, "C": 3, "B": 4, "A": 5}


def test_graph_explorer_walk_follows_depth_first_order(seed_001_model):
    explorer = GraphExplorer(seed_001_model)
    steps = [
        (action, explorer.state.label(node)) for action, node in explorer.state.steps
    ]
    assert steps == [
        ("enter", "G"), ("enter", "F"), ("enter", "E"), ("enter", "C"),
        ("enter", "B"), ("finish", "B"), ("finish", "C"), ("finish", "E"),
        ("enter", "D"), ("finish", "D"), ("finish", "F"), ("finish", "G"),
    ]  # fmt: skip
    explorer.step_slider.value = 5
    walk = explorer.walk_state()
    assert _labels(explorer, walk.stack) == ["G", "F", "E", "C", "B"]
    assert walk.finished == [] and walk.action == "enter"
    assert (
        "stack (in progress): G -&gt; F -&gt; E -&gt; C -&gt; B"
        in explorer.walk_view.value
    )


def test_graph_explorer_next_button_walks_to_all_finished(seed_001_model):
    explorer = GraphExplorer(seed_001_model)
    assert explorer.prev_button.disabled
    entered = []
    for _ in range(len(explorer.state.steps)):
        explorer.next_button.click()
        walk = explorer.walk_state()
        if walk.action == "enter":
            entered.append(walk.current)
        # The stack is always a path: each node was made from the one after it.
        for child, parent in zip(walk.stack, walk.stack[1:], strict=False):
            assert parent in child.parent_nodes
    walk = explorer.walk_state()
    assert walk.done and walk.stack == []
    assert explorer.next_button.disabled
    graph_nodes = seed_001_model._functional.map.nodes
    assert walk.finished == graph_nodes  # topological order = run order
    assert sorted(map(id, entered)) == sorted(map(id, graph_nodes))  # each once
    assert "depths (outputs = 0): 4: B; 3: C; 2: E, D; 1: F; 0: G" in str(explorer)
    explorer.next_button.click()  # past the end: stays at the last step
    assert explorer.step_slider.value == len(explorer.state.steps)
    explorer.prev_button.click()
    assert explorer.step_slider.value == len(explorer.state.steps) - 1


def test_graph_explorer_drawing_highlights_walk_and_selection(seed_001_model):
    explorer = GraphExplorer(seed_001_model)
    explorer.node_picker.value = explorer.state.index_of("D")
    explorer.step_slider.value = 6  # B just finished; G, F, E, C on the stack
    drawn = {
        d.label.split("\n")[0]: d for d in explorer._drawn_nodes(explorer.walk_state())
    }
    assert [name for name, d in drawn.items() if d.state == "stack"] == [
        "C",
        "E",
        "F",
        "G",
    ]
    assert [name for name, d in drawn.items() if d.state == "finished"] == ["B"]
    assert [name for name, d in drawn.items() if d.current] == ["B"]
    assert [name for name, d in drawn.items() if d.selected] == ["D"]
    assert drawn["F"].parents == [3, 4]  # E and D, by position in the node list
    png = base64.b64decode(explorer.drawing.outputs[0]["data"]["image/png"])
    assert png.startswith(PNG_MAGIC)


def test_graph_explorer_shared_layer_gets_one_node_per_call():
    x = kitlib.Input((3,), name="x")
    shared = Dense(3, name="shared")
    y = shared(shared(x))
    explorer = GraphExplorer(kitlib.Model(x, y))
    labels = [label for label, _ in explorer.node_picker.options]
    assert labels == ["x", "shared (call 0)", "shared (call 1)"]
    explorer.node_picker.value = explorer.state.index_of("shared (call 1)")
    attributes = explorer.selected_attributes()
    assert attributes["inbound_layers"] == "[shared]"
    assert attributes["node_indices"] == "[0]"  # fed by the shared layer's call 0
    assert attributes["call number"] == "1 of shared"


def test_graph_explorer_accepts_built_sequential():
    model = Sequential([Dense(4, input_shape=(3,), name="h"), Dense(2, name="out")])
    explorer = GraphExplorer(model)
    explorer.node_picker.value = explorer.state.index_of("out")
    assert explorer.selected_attributes()["inbound_layers"] == "[h]"


def test_graph_explorer_rejects_models_without_graph():
    with pytest.raises(TypeError, match="not built yet"):
        GraphExplorer(Sequential([Dense(4), Dense(2)]))
    with pytest.raises(TypeError, match="not a functional model"):
        GraphExplorer(kitlib.Model())
    with pytest.raises(TypeError, match="expects a kitlib Model, but received Dense"):
        GraphExplorer(Dense(2))


def test_graph_explorer_index_of_unknown_label_suggests_one(seed_001_model):
    explorer = GraphExplorer(seed_001_model)
    with pytest.raises(ValueError, match="no node 'g'.*Its nodes are: A, B"):
        explorer.state.index_of("g")


def test_graph_explorer_display_bundle_has_widget_and_fallbacks(seed_001_model):
    explorer = GraphExplorer(seed_001_model)
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].startswith("GraphExplorer: model")
    assert "outbound_layer" in bundle["text/html"]
    assert ERROR_CLASS not in bundle["text/html"]
