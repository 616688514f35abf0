"""One finite-difference gradient check per case, over every registered op.

Cases live next to this file, one module per group of ops, all in one format
(see ``cases_math.py``'s docstring):

* ``cases_math.py``: ``MATH_CASES`` and ``MATH_NON_DIFFERENTIABLE``.
* ``cases_nn.py``: ``NN_CASES`` and, if the nn ops have any non-differentiable
  op, ``NN_NON_DIFFERENTIABLE``.

Coverage is enforced, not hoped for: the meta-tests below fail (listing the
names) when a registered differentiable op has no case, or when an op marked
``differentiable = False`` has no case showing its output is a step function.
If ``cases_nn.py`` is missing, the nn ops simply show up in those lists.
Case modules are loaded by file path, so they must be self-contained (no
imports between case files).
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from kitlib import GradientTape, Tensor
from kitlib.ops import OP_REGISTRY
from kitlib.testing import check_gradients


def _load_cases(name):
    """Import ``tests/ops/<name>.py`` by path (works under --import-mode=importlib).

    Returns None when the file does not exist yet.
    """
    path = Path(__file__).with_name(f"{name}.py")
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"gradient_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


cases_math = _load_cases("cases_math")
cases_nn = _load_cases("cases_nn")  # the nn ops' cases arrive with the nn ops
MATH_CASES = cases_math.MATH_CASES
MATH_NON_DIFFERENTIABLE = cases_math.MATH_NON_DIFFERENTIABLE
NN_CASES = getattr(cases_nn, "NN_CASES", {})
NN_NON_DIFFERENTIABLE = getattr(cases_nn, "NN_NON_DIFFERENTIABLE", {})
CASES = {**MATH_CASES, **NN_CASES}
NON_DIFFERENTIABLE = {**MATH_NON_DIFFERENTIABLE, **NN_NON_DIFFERENTIABLE}

PARAMS = [
    pytest.param(fn, inputs, id=f"{name}-{i}")
    for name, cases in sorted(CASES.items())
    for i, (fn, inputs) in enumerate(cases)
]


@pytest.mark.parametrize(("fn", "inputs"), PARAMS)
def test_op_gradient_matches_finite_differences(fn, inputs):
    result = check_gradients(fn, inputs)
    assert result.checked > 0


def test_every_differentiable_op_has_a_gradient_case():
    missing = sorted(
        name
        for name, op in OP_REGISTRY.items()
        if op.differentiable and not CASES.get(name)
    )
    assert not missing, f"differentiable ops without a gradient case: {missing}"


def test_every_non_differentiable_op_has_a_step_function_case():
    missing = sorted(
        name
        for name, op in OP_REGISTRY.items()
        if not op.differentiable and name not in NON_DIFFERENTIABLE
    )
    assert not missing, f"ops marked differentiable=False without a case: {missing}"


def test_case_names_are_registered_ops_with_the_right_flag():
    unknown = sorted((set(CASES) | set(NON_DIFFERENTIABLE)) - set(OP_REGISTRY))
    assert not unknown, f"case names that are not registered ops: {unknown}"
    wrong = sorted(n for n in NON_DIFFERENTIABLE if OP_REGISTRY[n].differentiable)
    assert not wrong, (
        f"ops with a non-differentiable case but differentiable=True: {wrong}"
    )
    both = sorted(set(CASES) & set(NON_DIFFERENTIABLE))
    assert not both, f"ops listed as both differentiable and not: {both}"


@pytest.mark.parametrize(
    ("fn", "inputs"),
    [
        pytest.param(fn, inputs, id=name)
        for name, (fn, inputs) in sorted(NON_DIFFERENTIABLE.items())
    ],
)
def test_non_differentiable_op_is_a_step_function(fn, inputs):
    tensors = [Tensor(np.asarray(x)) for x in inputs]
    with GradientTape() as tape:
        tape.watch([t for t in tensors if t.dtype == "float64"])
        output = fn(*tensors)
    # Nothing was recorded for the output, so there is no gradient path.
    assert all(g is None for g in tape.gradient(output, tensors))
    for arg, tensor in enumerate(tensors):
        if tensor.dtype != "float64":
            continue
        for index in np.ndindex(tensor.shape):
            for step in (1e-6, -1e-6):
                nudged = tensor.value.copy()
                nudged[index] += step
                trial = list(tensors)
                trial[arg] = Tensor(nudged)
                np.testing.assert_array_equal(fn(*trial).numpy(), output.numpy())
