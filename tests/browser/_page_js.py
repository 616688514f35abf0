"""What the browser suite reads from the page: JavaScript snippets and kernel frames.

The snippets run inside JupyterLab's page (``page.evaluate``); each is a
function of no arguments, built for one notebook panel (``#<panel id>``).
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass


def status_js(panel: str) -> str:
    """The kernel item of the status bar (``"Python 3 (ipykernel) | Idle"``) and
    the number of cells of ``panel`` whose prompt shows ``[*]`` (queued/running)."""
    return f"""() => {{
  const items = [...document.querySelectorAll('.jp-StatusBar-TextItem')];
  const status = items.map(e => e.textContent).find(t => t.includes(' | ')) || '';
  const prompts = [...document.querySelectorAll('{panel} .jp-CodeCell .jp-InputPrompt')];
  return {{status, running: prompts.filter(p => p.textContent.includes('*')).length}};
}}"""


def monitor_recorder_js() -> str:
    """Install a recorder of every new state of every TrainingMonitor on the page.

    Each entry: the panel id, the monitor's number, its title, a fingerprint of
    its picture, and whether the cell showing it was still running. The curves
    must grow *during* ``fit``, which a look after Run All cannot tell.
    """
    return """() => {
  window.__kitlibMonitor = [];
  const last = new Map();
  let count = 0;
  const record = () => {
    document.querySelectorAll('.kitlib-training-monitor').forEach(el => {
      if (!el.dataset.kitlibMonitor) el.dataset.kitlibMonitor = String(count++);
      const title = (el.querySelector('.widget-html-content') || el).textContent;
      const img = el.querySelector('img');
      const picture = img ? img.src.length + ':' + img.src.slice(-48) : '';
      const key = title + '|' + picture;
      if (last.get(el.dataset.kitlibMonitor) === key) return;
      last.set(el.dataset.kitlibMonitor, key);
      const cell = el.closest('.jp-CodeCell');
      const prompt = cell ? cell.querySelector('.jp-InputPrompt').textContent : '';
      const panel = el.closest('.jp-NotebookPanel');
      window.__kitlibMonitor.push({
        panel: panel ? panel.id : '', monitor: el.dataset.kitlibMonitor, title, picture,
        running: prompt.includes('*'),
      });
    });
  };
  new MutationObserver(record).observe(document.body, {
    subtree: true, childList: true, characterData: true, attributes: true,
    attributeFilter: ['src'],
  });
}"""


def dom_js(panel: str) -> str:
    """Per cell of ``panel``: is it code, its prompt, and per top-level output its
    text and whether a widget view rendered inside it (views carry
    ``.jupyter-widgets``; the "Error displaying widget" box is that class on the
    output itself). Plus widget placeholders, kitlib widget error boxes, and the
    cells holding ipywidgets' error view (a view class that failed to load)."""
    return f"""() => {{
  const cells = [...document.querySelectorAll('{panel} .jp-Notebook-cell')];
  const outputs = [...document.querySelectorAll('{panel} .jp-OutputArea-output')];
  return {{
    cells: cells.map(cell => {{
      const area = cell.querySelector('.jp-Cell-outputArea');
      const children = area ? [...area.querySelectorAll(':scope > .jp-OutputArea-child')] : [];
      return {{
        code: cell.classList.contains('jp-CodeCell'),
        outputs: children.map(child => {{
          const out = child.querySelector(':scope > .jp-OutputArea-output') || child;
          return {{text: out.textContent.trim().slice(0, 200),
                   view: out.querySelector('.jupyter-widgets') !== null}};
        }}),
      }};
    }}),
    placeholders: outputs.map(e => e.textContent.trim()).filter(t =>
      t.startsWith('Error displaying widget') || t === 'Loading widget...'),
    kitlibErrors: [...document.querySelectorAll('{panel} .kitlib-widget-error')].map(e =>
      e.textContent.trim().slice(0, 300)),
    errorViews: [...document.querySelectorAll('{panel} .jupyter-widgets-error-widget')].map(
      e => cells.indexOf(e.closest('.jp-Notebook-cell'))),
  }};
}}"""


@dataclass
class KernelMessage:
    """The parts of a kernel message (received in the browser) the checks use."""

    channel: str
    msg_type: str
    parent_type: str
    content: dict


def decode_frame(payload: str | bytes) -> KernelMessage | None:
    """Decode one websocket frame of a kernel channel (JSON or binary v1 protocol).

    A v1 binary frame starts with the number of offsets (uint64), then the
    offsets; the parts between them are channel, header, parent header,
    metadata, content and buffers. Only an ``error`` message's content is
    parsed (the checks read nothing else, and widget state can be megabytes).
    Anything that is not a kernel message gives None.
    """
    try:
        if isinstance(payload, str):
            parts = json.loads(payload)
            channel, header = parts.get("channel", ""), parts["header"]
            parent, content = parts.get("parent_header"), parts.get("content")
        else:
            count = struct.unpack_from("<Q", payload, 0)[0]
            offsets = struct.unpack_from(f"<{count}Q", payload, 8)
            raw = [
                payload[offsets[i] : offsets[i + 1]] for i in range(min(count - 1, 5))
            ]
            channel = raw[0].decode()
            header, parent = json.loads(raw[1]), json.loads(raw[2] or b"{}")
            content = (
                json.loads(raw[4] or b"{}") if header["msg_type"] == "error" else {}
            )
        msg_type = header["msg_type"]
        return KernelMessage(
            channel,
            msg_type,
            (parent or {}).get("msg_type", ""),
            (content or {}) if msg_type == "error" else {},
        )
    except (ValueError, KeyError, IndexError, TypeError, struct.error):
        return None  # not a kernel message, or one we cannot read: ignore it
