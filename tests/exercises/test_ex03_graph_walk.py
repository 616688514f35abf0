"""ex03_graph_walk: common mistakes get their specific hint and partial marks."""

import pytest

from tests.exercises.support import Mistake, assert_mistake_graded

EXERCISE = "ex03_graph_walk"
pytestmark = pytest.mark.exercise(EXERCISE)

MISTAKES = [
    Mistake(
        "no_finished_set",
        "graph_walk",
        [("if id(node) in finished:", "if False:")],
        {"diamond_visits_each_node_once", "several_outputs"},
        "visited twice",
    ),
    Mistake(
        "appends_before_parents",
        "graph_walk",
        [
            (
                "in_progress.add(id(node))\n",
                "in_progress.add(id(node))\n        ordered.append(node)\n",
            ),
            (
                "finished.add(id(node))\n        ordered.append(node)",
                "finished.add(id(node))",
            ),
        ],
        {
            "chain_in_order",
            "diamond_visits_each_node_once",
            "shared_layer_keeps_both_nodes",
            "several_outputs",
        },  # fmt: skip
        "children before parents",
    ),
    Mistake(
        "no_cycle_check",
        "graph_walk",
        [("if id(node) in in_progress:", "if False:")],
        {"cycle_raises"},
        "in progress",
    ),
    Mistake(
        "smallest_depth_instead_of_largest",
        "graph_walk",
        [
            (
                "depths[parent] = max(depths.get(parent, 0), depth + 1)",
                "depths[parent] = min(depths.get(parent, depth + 1), depth + 1)",
            )
        ],  # fmt: skip
        {"depths_from_outputs"},
        "Take the largest",
    ),
]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_ex03_graph_walk_mistake_gets_hint_and_partial_marks(mistake):
    assert_mistake_graded(EXERCISE, mistake)
