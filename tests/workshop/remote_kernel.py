"""Run notebook cells in a kernel on a learner's server, over the Jupyter Server API.

This is what JupyterLab does in the browser: open a *session* for a notebook
path (``POST /api/sessions``, which starts a kernel whose working folder is the
notebook's folder), then talk the Jupyter messaging protocol over the kernel's
WebSocket (``/api/kernels/<id>/channels``): one ``execute_request`` per code
cell, then read ``stream``/``error`` messages until the kernel is ``idle`` again.
Only the JSON (unversioned) WebSocket protocol is used; it needs no extra package.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from dataclasses import dataclass, field

from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

ANSI = re.compile(r"\x1b\[[0-9;]*m")


class CellError(AssertionError):
    """A cell raised in the remote kernel; the message carries the traceback."""


@dataclass
class CellResult:
    """What one executed cell printed."""

    stdout: str = ""
    stderr: str = ""
    error: dict | None = None
    outputs: list[dict] = field(default_factory=list)


class RemoteKernel:
    """A kernel on ``/user/<name>/`` of the hub, opened for one notebook path.

    Args:
        hub: the :class:`tests.workshop.hub.Hub` the user lives on.
        user: the user's name (their token is in ``hub.user_tokens``).
        path: notebook path relative to the user's home, e.g. ``"02.ipynb"``.
    """

    def __init__(self, hub, user: str, path: str) -> None:
        self.hub, self.user, self.path = hub, user, path
        self.session_id = ""
        self.kernel_id = ""
        self.connection = None
        self.client_session = uuid.uuid4().hex

    def open(self) -> None:
        """Create the session (and its kernel) through the REST API."""
        body = {
            "path": self.path,
            "type": "notebook",
            "name": self.path,
            "kernel": {"name": "python3"},
        }
        reply = self.hub.user_request(self.user, "POST", "/sessions", body)
        self.session_id, self.kernel_id = reply["id"], reply["kernel"]["id"]

    def close(self) -> None:
        """Shut the kernel down by deleting the session."""
        if self.session_id:
            self.hub.user_request(self.user, "DELETE", f"/sessions/{self.session_id}")
            self.session_id = ""

    async def connect(self) -> None:
        """Open the kernel's WebSocket (through the hub's proxy, with the user's token)."""
        ws_url = self.hub.url.replace("http://", "ws://", 1)
        url = (
            f"{ws_url}/user/{self.user}/api/kernels/{self.kernel_id}/channels"
            f"?session_id={self.client_session}"
        )
        token = self.hub.user_tokens[self.user]
        request = HTTPRequest(
            url, headers={"Authorization": f"token {token}"}, connect_timeout=60
        )
        self.connection = await websocket_connect(request)

    async def run(self, code: str, timeout: float = 300.0) -> CellResult:
        """Execute one cell; raises :class:`CellError` when it raised."""
        msg_id = uuid.uuid4().hex
        await self.connection.write_message(json.dumps(self._request(msg_id, code)))
        result, replied, idle = CellResult(), False, False
        while not (replied and idle):
            raw = await asyncio.wait_for(self.connection.read_message(), timeout)
            if raw is None:
                raise ConnectionError(f"{self.user}'s kernel WebSocket closed mid-cell")
            message = json.loads(raw)
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "execute_reply":
                replied = True
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
            elif kind == "stream":
                name = content["name"]
                setattr(result, name, getattr(result, name) + content["text"])
            elif kind == "error":
                result.error = content
            elif kind in ("execute_result", "display_data"):
                result.outputs.append(content["data"])
        if result.error is not None:
            trace = ANSI.sub("", "\n".join(result.error["traceback"]))
            raise CellError(f"{self.user}: {self.path} raised in a cell:\n{trace}")
        return result

    async def run_notebook(self, notebook: dict) -> int:
        """Execute every code cell in order, as "Run All" does; returns the count."""
        cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
        for cell in cells:
            source = cell["source"]
            await self.run(source if isinstance(source, str) else "".join(source))
        return len(cells)

    async def disconnect(self) -> None:
        """Close the WebSocket (the kernel keeps running until :meth:`close`)."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def _request(self, msg_id: str, code: str) -> dict:
        header = {
            "msg_id": msg_id,
            "msg_type": "execute_request",
            "username": self.user,
            "session": self.client_session,
            "version": "5.3",
        }
        content = {
            "code": code,
            "silent": False,
            "store_history": True,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": True,
        }
        return {
            "header": header,
            "parent_header": {},
            "metadata": {},
            "content": content,
            "channel": "shell",
            "buffers": [],
        }
