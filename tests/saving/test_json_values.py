"""Tests for kitlib/saving/json_values.py: exact round trips through JSON."""

import json

import numpy as np
import pytest

from kitlib.saving.json_values import decode, encode, to_json, to_shape


def _through_json(value):
    return json.loads(json.dumps(value))


@pytest.mark.parametrize(
    "value",
    [
        (1, 2),
        [1, (2, 3)],
        {"axis": (-1,), "keepdims": True},
        slice(1, None, 2),
        (Ellipsis, slice(None, 3), None),
        None,
        "same",
    ],
    ids=["tuple", "list_of_tuple", "dict", "slice", "getitem_key", "none", "str"],
)
def test_encode_decode_restores_exact_types(value):
    assert decode(_through_json(encode(value, "test"))) == value


def test_encode_decode_restores_arrays_with_dtype():
    array = np.array([[1, 2], [3, 4]], dtype="int64")
    restored = decode(_through_json(encode(array, "test")))
    assert restored.dtype == np.int64
    np.testing.assert_array_equal(restored, array)


def test_encode_turns_numpy_scalars_into_numbers():
    assert encode(np.float32(0.5), "test") == 0.5
    assert isinstance(encode(np.int64(3), "test"), int)


def test_encode_refuses_functions_with_the_location():
    with pytest.raises(TypeError, match=r"Op 'x' attributes\['fn'\] holds a value"):
        encode({"fn": len}, "Op 'x' attributes")


def test_to_json_converts_tuples_to_lists_and_refuses_objects():
    assert to_json({"shape": (None, 3), "n": np.int32(2)}, "cfg") == {
        "shape": [None, 3],
        "n": 2,
    }
    with pytest.raises(TypeError, match=r"cfg\['f'\] holds a value of type function"):
        to_json({"f": lambda x: x}, "cfg")


def test_to_json_refuses_non_string_keys():
    with pytest.raises(TypeError, match="only stores string keys"):
        to_json({1: "a"}, "cfg")


def test_decode_rejects_unknown_tags():
    with pytest.raises(ValueError, match="does not know"):
        decode({"class_name": "__mystery__", "config": {}})


def test_to_shape_restores_tuples_and_lists_of_shapes():
    assert to_shape([None, 3]) == (None, 3)
    assert to_shape([[None, 3], [None, 4]]) == [(None, 3), (None, 4)]
    assert to_shape(None) is None
