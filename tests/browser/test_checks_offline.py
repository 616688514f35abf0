"""The browser checks on hand-made inputs: no browser, so these run with the unit tests."""

from __future__ import annotations

import json
import struct

from tests.browser._checks import (
    WIDGET_MIME,
    console_problems,
    dom_problems,
    message_problems,
    notebook_problems,
)
from tests.browser._page_js import KernelMessage, decode_frame


def _cell(source, outputs=(), count=1, tags=()):
    meta = {"tags": list(tags)} if tags else {}
    return {"cell_type": "code", "source": source, "execution_count": count,
            "metadata": meta, "outputs": list(outputs)}  # fmt: skip


def _widget_output(model_id="ab" * 16):
    view = {"model_id": model_id, "version_major": 2, "version_minor": 0}
    return {
        "output_type": "display_data",
        "data": {WIDGET_MIME: view, "text/plain": "W"},
    }


ERROR = {
    "output_type": "error",
    "ename": "ZeroDivisionError",
    "evalue": "division by zero",
}


def test_v1_binary_frame_is_decoded():
    parts = [b"iopub", *(json.dumps(p).encode() for p in (
        {"msg_type": "error"}, {"msg_type": "comm_msg"}, {}, {"ename": "KeyError"},
    ))]  # fmt: skip
    offsets = [8 * (len(parts) + 2)]  # the count, then len(parts) + 1 offsets
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    frame = struct.pack(f"<{len(offsets) + 1}Q", len(offsets), *offsets) + b"".join(
        parts
    )
    assert decode_frame(frame) == KernelMessage(
        "iopub", "error", "comm_msg", {"ename": "KeyError"}
    )


def test_json_frame_is_decoded_and_garbage_is_ignored():
    text = json.dumps({"channel": "shell", "header": {"msg_type": "execute_reply"},
                       "parent_header": {}, "content": {"status": "ok"}})  # fmt: skip
    # Only an error's content is kept: others can be megabytes of widget state.
    assert decode_frame(text) == KernelMessage("shell", "execute_reply", "", {})
    assert decode_frame("not json") is None
    assert decode_frame(b"\x01") is None


def test_error_outputs_and_unrun_cells_are_problems_unless_tagged():
    notebook = {"cells": [
        {"cell_type": "markdown", "source": "# title", "metadata": {}},
        _cell("x = 1"),
        _cell("# tagged\nraise ValueError", [ERROR], tags=["raises-exception"]),
        _cell("# boom\n1 / 0", [ERROR]),
        _cell("print('later')", count=None),
        _cell("   ", count=None),  # an empty cell never gets a number: fine
    ]}  # fmt: skip
    assert notebook_problems(notebook) == [
        "cell 3 ('# boom') raised ZeroDivisionError: division by zero",
        "cell 4 (\"print('later')\") did not run (Run All stopped before it)",
    ]


def test_widget_outputs_must_render_a_view():
    notebook = {"cells": [
        _cell("ok", [_widget_output()]),
        _cell("text fallback", [_widget_output()]),
        _cell("hidden on purpose", [_widget_output(model_id="")]),
        _cell("missing", [_widget_output()]),
    ]}  # fmt: skip
    dom = {
        "cells": [
            {"outputs": [{"text": "", "view": True}]},
            {"outputs": [{"text": "Loading widget...", "view": False}]},
            {"outputs": []},
            {"outputs": []},
        ],
        "placeholders": ["Loading widget..."],
        "kitlibErrors": ["ValueError: bad shape"],
        "errorViews": [0],
    }
    assert dom_problems(notebook, dom) == [
        "a widget shows 'Loading widget...'",
        "a kitlib widget shows an error: ValueError: bad shape",
        "cell 0 ('ok'): a widget view failed to render (ipywidgets' error box)",
        "cell 1 ('text fallback'): widget output 0 did not render a widget, "
        "it shows 'Loading widget...'",
        "cell 3 ('missing'): widget output 0 is missing",
    ]


def test_cell_count_mismatch_is_reported():
    dom = {"cells": [], "placeholders": [], "kitlibErrors": [], "errorViews": []}
    assert dom_problems({"cells": [_cell("x")]}, dom) == [
        "the page shows 0 cells, the file has 1"
    ]


def test_only_errors_outside_cell_execution_are_callback_problems():
    messages = [
        KernelMessage(
            "iopub", "error", "execute_request", {"ename": "E", "evalue": "cell"}
        ),
        KernelMessage(
            "iopub", "error", "comm_msg", {"ename": "KeyError", "evalue": "'x'"}
        ),
        KernelMessage("iopub", "stream", "comm_msg", {"text": "hello"}),
    ]
    assert message_problems(messages) == [
        "exception in a widget callback (comm_msg): KeyError: 'x'"
    ]


def test_console_problems_keep_page_errors_and_widget_manager_errors():
    errors = [
        "pageerror: TypeError: x is undefined",
        "Error: widget model not found (at http://h/lab/extensions/@jupyter-widgets/m.js)",
        "Failed to load resource: 404 (at http://h/favicon.ico)",
    ]
    assert console_problems(errors) == [f"the page logged: {e}" for e in errors[:2]]
