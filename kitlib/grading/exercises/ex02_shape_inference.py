"""ex02_shape_inference: a cropping layer with ``compute_output_shape`` and ``InputSpec``.

Notebook: ``notebooks/03_shapes_and_input_spec.ipynb``; exercise
``exercises/ex02_shape_inference/``.

The learner defines ``MyCropping2D(cropping=((top, bottom), (left, right)))``
for channels-last images ``(batch, height, width, channels)``: it removes rows
from the top and bottom and columns from the left and right.
"""

from __future__ import annotations

import numpy as np

from kitlib.engine.input_layer import Input
from kitlib.engine.input_spec import InputSpec
from kitlib.engine.layer import Layer
from kitlib.grading.exercise import Exercise, Submission, fail
from kitlib.grading.exercises._helpers import close, require_class, shape_text

EXERCISE = Exercise(
    "ex02_shape_inference",
    "Shape inference: compute_output_shape and InputSpec for a cropping layer",
    names=("MyCropping2D",),
    notebook="notebooks/03_shapes_and_input_spec.ipynb",
)
CROPPING = ((1, 2), (3, 1))  # rows: 1 top, 2 bottom; columns: 3 left, 1 right


def _cropping(sub: Submission) -> type:
    return require_class(sub.get("MyCropping2D"), "MyCropping2D", Layer)


def _shape(value: object) -> tuple | None:
    try:
        return tuple(value)  # type: ignore[arg-type]
    except TypeError:
        return None


def _none_hint(error: BaseException) -> str | None:
    if isinstance(error, TypeError) and "NoneType" in str(error):
        return (
            "None stands for a size that is not known yet (the batch, or a free "
            "height): leave it None instead of doing arithmetic with it."
        )
    return None


@EXERCISE.check("it declares InputSpec(ndim=4), so a 3-D input is refused", points=1)
def input_spec_requires_4d(sub: Submission) -> None:
    layer = _cropping(sub)(CROPPING)
    spec = layer.input_spec
    if not isinstance(spec, InputSpec) or spec.ndim != 4:
        fail(
            f"layer.input_spec is {spec!r}. Set self.input_spec = InputSpec(ndim=4) in "
            "__init__: kitlib then checks every input before build() and call() run."
        )
    try:
        layer(np.zeros((2, 10, 12), dtype="float32"))
    except ValueError as error:
        if "4 axes" in str(error):
            return
        fail(f"A 3-D input raised ValueError, but not from the InputSpec: {error}")
    fail(
        "Calling the layer on a 3-D input of shape (2, 10, 12) did not raise ValueError."
    )


@EXERCISE.check(
    "compute_output_shape((2, 10, 12, 3)) is (2, 7, 8, 3) for ((1, 2), (3, 1))",
    points=2,
    explain=_none_hint,
)
def output_shape_values(sub: Submission) -> None:
    result = _shape(_cropping(sub)(CROPPING).compute_output_shape((2, 10, 12, 3)))
    if result == (2, 6, 9, 3):
        fail(
            "Got (2, 6, 9, 3): height and width are swapped. cropping[0] = (top, "
            "bottom) removes rows (axis 1), cropping[1] = (left, right) removes "
            "columns (axis 2)."
        )
    if result in ((2, 9, 9, 3), (2, 8, 11, 3), (2, 9, 11, 3)):
        fail(
            f"Got {result}: only one end was cropped. Subtract both: height - top - "
            "bottom and width - left - right."
        )
    if result != (2, 7, 8, 3):
        fail(
            f"compute_output_shape((2, 10, 12, 3)) returned {result!r}; expected "
            "(2, 7, 8, 3): the batch and the channels stay, height 10 - 1 - 2 = 7, "
            "width 12 - 3 - 1 = 8. Return a tuple."
        )


@EXERCISE.check(
    "compute_output_shape keeps unknown sizes (None) unknown",
    points=1,
    explain=_none_hint,
)
def output_shape_keeps_none(sub: Submission) -> None:
    result = _shape(_cropping(sub)(CROPPING).compute_output_shape((None, None, 12, 3)))
    if result != (None, None, 8, 3):
        fail(
            f"compute_output_shape((None, None, 12, 3)) returned {result!r}; expected "
            "(None, None, 8, 3). An unknown height stays unknown after cropping."
        )


@EXERCISE.check("layer(x) returns the cropped values (also with a crop of 0)", points=2)
def call_crops_values(sub: Submission) -> None:
    cls = _cropping(sub)
    x = np.random.default_rng(2).standard_normal((2, 10, 12, 3)).astype("float32")
    output = cls(CROPPING)(x)
    if not close(output, x[:, 1:8, 3:11, :]):
        fail(
            f"layer(x) on a (2, 10, 12, 3) batch should equal x[:, 1:8, 3:11, :] "
            f"(shape (2, 7, 8, 3)), but has shape {shape_text(output)} or other "
            "values. Slice rows on axis 1 and columns on axis 2."
        )
    zero_end = cls(((0, 0), (2, 0)))(x)
    if 0 in tuple(getattr(zero_end, "shape", ())):
        fail(
            f"With cropping ((0, 0), (2, 0)) the output has shape {shape_text(zero_end)}: "
            "an axis became empty. x[:, a:-0] is x[:, a:0], which is empty, because -0 "
            "is 0. Use the stop -bottom or None (None means 'to the end')."
        )
    if not close(zero_end, x[:, :, 2:, :]):
        fail("With cropping ((0, 0), (2, 0)) the output should be x[:, :, 2:, :].")


@EXERCISE.check(
    "on Input(shape=(10, 12, 3)) the output shape is (None, 7, 8, 3)", points=1
)
def symbolic_matches_eager(sub: Submission) -> None:
    layer = _cropping(sub)(CROPPING)
    symbolic = tuple(layer(Input(shape=(10, 12, 3))).shape)
    inferred = _shape(layer.compute_output_shape((None, 10, 12, 3)))
    if symbolic != (None, 7, 8, 3):
        fail(
            f"The symbolic output has shape {symbolic}, expected (None, 7, 8, 3). Slice "
            "with -bottom or None so call() also works when a size is None."
        )
    if inferred != symbolic:
        fail(
            f"compute_output_shape((None, 10, 12, 3)) says {inferred}, but calling the "
            f"layer on that input gives {symbolic}: they must agree."
        )


@EXERCISE.check("get_config() and from_config() round-trip the cropping", points=1)
def config_round_trip(sub: Submission) -> None:
    cls = _cropping(sub)
    config = cls(CROPPING, name="crop_check").get_config()
    if "cropping" not in config or "name" not in config:
        fail(
            f"get_config() returned keys {sorted(config)}; it needs 'cropping' and "
            "the base config: return {**super().get_config(), 'cropping': ...}."
        )
    copy = cls.from_config(config)
    crop = np.asarray(copy.cropping).tolist() if hasattr(copy, "cropping") else None
    if crop != [[1, 2], [3, 1]] or copy.name != "crop_check":
        fail(f"from_config(get_config()) rebuilt cropping={crop}, name={copy.name!r}.")
