"""Guards around learner code: a time limit and a cap on printed output.

Notebook: every exercise notebook in ``exercises/`` (``kitlib.grading.check``).

Learner code runs inside the grader's own process (the notebook kernel, or the
sandbox worker), so a check must survive whatever that code does:

* an infinite loop: :func:`time_limit` raises :class:`CheckTimeout` from a
  ``SIGALRM`` timer. The timer repeats, so a loop that swallows the first
  interrupt with a bare ``except:`` is interrupted again. Pure Python loops
  stop; a loop inside compiled code (a Numba kernel) cannot be interrupted from
  inside the process, which is why batch grading also kills the whole worker
  process after a deadline (see ``sandbox.py``).
* megabytes of prints: :func:`captured_output` sends ``sys.stdout`` and
  ``sys.stderr`` to a :class:`CappedWriter` that keeps the first characters
  and only counts the rest.
* ``sys.exit()``: raises ``SystemExit``, a ``BaseException``; the runner
  catches it like any error (see ``checker.py``).
"""

from __future__ import annotations

import contextlib
import io
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any


class CheckTimeout(BaseException):  # noqa: N818 - reads better at the raise site
    """Raised inside learner code when its time is up.

    A ``BaseException`` (like ``KeyboardInterrupt``), so ``except Exception:``
    in learner code does not swallow it.
    """


class CappedWriter(io.TextIOBase):
    """A text stream that keeps the first ``limit`` characters and counts the rest.

    Args:
        limit: how many characters to keep.

    Example:
        >>> writer = CappedWriter(limit=5)
        >>> _ = writer.write("hello world")
        >>> writer.getvalue(), writer.total
        ('hello', 11)
    """

    def __init__(self, limit: int = 10_000) -> None:
        super().__init__()
        self.limit = limit
        self.total = 0
        self._parts: list[str] = []
        self._kept = 0

    def writable(self) -> bool:
        """Always True: it is an output stream."""
        return True

    def write(self, text: str) -> int:
        """Keep what fits under the limit; count everything."""
        text = str(text)
        self.total += len(text)
        room = self.limit - self._kept
        if room > 0:
            self._parts.append(text[:room])
            self._kept += min(room, len(text))
        return len(text)

    def getvalue(self) -> str:
        """The kept characters."""
        return "".join(self._parts)

    @property
    def truncated(self) -> bool:
        """True when more was written than kept."""
        return self.total > self._kept

    def describe(self) -> str:
        """The kept text, with a closing line when some was dropped."""
        text = self.getvalue()
        if self.truncated:
            text += (
                f"\n... [{self.total - self._kept:,} more characters not shown: "
                f"printed {self.total:,} in total]"
            )
        return text


@contextlib.contextmanager
def captured_output(limit: int = 10_000) -> Iterator[CappedWriter]:
    """Send ``print`` output (stdout and stderr) to one :class:`CappedWriter`."""
    writer = CappedWriter(limit)
    with contextlib.redirect_stdout(writer), contextlib.redirect_stderr(writer):
        yield writer


def can_time_out() -> bool:
    """Whether :func:`time_limit` can interrupt code here (Unix, main thread)."""
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )


_nesting = [0]  # how many time_limit blocks are active (0 or 1)


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`CheckTimeout` in the block if it runs longer than ``seconds``.

    Inside another ``time_limit`` it adds no timer: the outer one governs.
    Does nothing when ``seconds`` is None, or where signals cannot be used
    (Windows, a thread other than the main one): there the block runs
    unguarded, and the sandbox's process deadline is the only limit.
    """
    if not seconds or not can_time_out() or _nesting[0]:
        # An enclosing limit (a sandbox cell whose test calls check()) governs.
        yield
        return
    _nesting[0] += 1

    active = [True]

    def on_alarm(signum: int, frame: Any) -> None:
        if active[0]:
            raise CheckTimeout(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    # NOTE: the 0.5 s repeat re-raises in code that caught the first timeout.
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        yield
    finally:
        # Nested so the timer is always cancelled, even if the alarm fires
        # while we are leaving; once inactive, the handler raises nothing.
        try:
            active[0] = False
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0, 0)
            signal.signal(signal.SIGALRM, previous)
            _nesting[0] -= 1


def real_stdout() -> Any:
    """The process's original stdout (for messages the grader itself prints)."""
    return sys.__stdout__
