"""Guards: the time limit always disarms; the capped writer keeps the start."""

import signal
import time

import pytest

from kitlib.grading.guards import (
    CappedWriter,
    CheckTimeout,
    captured_output,
    time_limit,
)


def test_time_limit_interrupts_and_then_disarms():
    start = time.monotonic()
    with pytest.raises(CheckTimeout), time_limit(0.2):
        while True:
            pass
    assert time.monotonic() - start < 2
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL


def test_time_limit_fires_again_when_the_first_interrupt_is_swallowed():
    caught = 0
    with pytest.raises(CheckTimeout), time_limit(0.1):
        while True:
            try:
                while True:
                    pass
            except BaseException:  # noqa: BLE001 - what a careless learner writes
                caught += 1
                if caught > 1:
                    raise
    assert caught == 2


def test_inner_time_limit_defers_to_the_outer_one():
    with time_limit(5):
        with time_limit(0.05):
            time.sleep(0.2)  # the inner limit adds no timer of its own
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_captured_output_keeps_the_beginning_and_counts_everything():
    with captured_output(limit=10) as out:
        print("a" * 25)
    assert out.getvalue() == "a" * 10 and out.total == 26 and out.truncated
    assert "16 more characters not shown" in out.describe()
    writer = CappedWriter(limit=100)
    writer.write("short")
    assert writer.describe() == "short" and not writer.truncated
