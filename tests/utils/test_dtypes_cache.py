"""The dtype rules remember their answers; unhashable arguments still work."""

import numpy as np

from kitlib.utils.dtypes import is_float, result_dtype, standardize_dtype


def test_cached_dtype_rules_give_numpys_answers():
    for spec in (np.float32, "float64", np.dtype("int32"), None, "bool"):
        for _ in range(2):  # the second call comes from the cache
            expected = "float32" if spec is None else np.dtype(spec).name
            assert standardize_dtype(spec) == expected
    assert is_float("float16") and not is_float(np.int64)
    assert result_dtype("float32", "int64") == "float32"
    assert result_dtype("int8", "int16") == "int16"


def test_unhashable_dtype_specs_skip_the_cache():
    structured = [("x", "f4"), ("y", "i4")]  # a list: cannot key a cache
    assert standardize_dtype(structured) == np.dtype(structured).name
    assert not is_float(structured)
