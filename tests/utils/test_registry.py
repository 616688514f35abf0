"""Tests for kitlib/saving/registry.py: names <-> classes, scopes, built-ins."""

import pytest

from kitlib.engine.layer import Layer
from kitlib.layers import Dense, InputLayer
from kitlib.models import Model, Sequential
from kitlib.utils import registry
from kitlib.utils.registry import (
    custom_object_scope,
    find_class,
    get_registered_name,
    get_registered_object,
    register_serializable,
)


@pytest.fixture(autouse=True)
def _clean_registry(monkeypatch):
    """Each test registers into an empty registry, restored afterwards."""
    monkeypatch.setattr(registry, "_REGISTERED", {})
    monkeypatch.setattr(registry, "_NAMES", {})


def test_register_serializable_uses_package_and_class_name():
    @register_serializable(package="Course")
    class Scale(Layer):
        pass

    assert get_registered_name(Scale) == "Course>Scale"
    assert get_registered_object("Course>Scale") is Scale


def test_register_serializable_accepts_a_custom_name_and_functions():
    @register_serializable(name="my_loss")
    def loss_fn(y_true, y_pred):
        return y_true

    assert get_registered_name(loss_fn) == "Custom>my_loss"
    assert get_registered_object("Custom>my_loss") is loss_fn


def test_register_serializable_replaces_an_entry_when_a_cell_is_rerun():
    @register_serializable()
    class Block(Layer):
        pass

    first = Block

    @register_serializable()
    class Block(Layer):  # noqa: F811 - the re-run notebook cell
        pass

    assert get_registered_object("Custom>Block") is Block
    assert Block is not first


def test_unregistered_objects_use_their_plain_name():
    assert get_registered_name(Dense) == "Dense"


def test_register_serializable_rejects_a_package_with_separator():
    with pytest.raises(ValueError, match="without '>'"):
        register_serializable(package="a>b")


def test_register_serializable_rejects_a_class_without_get_config():
    with pytest.raises(TypeError, match="get_config"):

        @register_serializable()
        class Plain:
            pass


def test_custom_objects_win_over_the_registry_and_match_bare_names():
    @register_serializable()
    class Block(Layer):
        pass

    class Other(Layer):
        pass

    found = get_registered_object("Custom>Block", custom_objects={"Block": Other})
    assert found is Other


def test_custom_object_scope_is_visible_only_inside_the_block():
    class Thing(Layer):
        pass

    with custom_object_scope({"Thing": Thing}):
        assert get_registered_object("Thing") is Thing
        assert registry.visible_custom_objects()["Thing"] is Thing
    assert get_registered_object("Thing") is None


def test_builtin_layer_classes_are_collected_from_layers_and_models():
    classes = registry.builtin_layer_classes()
    assert classes["Dense"] is Dense
    assert classes["InputLayer"] is InputLayer
    assert classes["Model"] is Model
    assert classes["Sequential"] is Sequential


def test_find_class_prefers_registered_then_builtin():
    @register_serializable(package="Mine")
    class Dense2(Layer):
        pass

    assert find_class("Dense") is Dense
    assert find_class("Dense2", "Mine>Dense2") is Dense2
    # An older file without "registered_name" still finds a unique match.
    assert find_class("Dense2") is Dense2
    assert find_class("NoSuchLayer") is None
