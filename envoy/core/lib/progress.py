"""A progress bar for long management commands, drawn on stderr.

On a terminal the bar is redrawn in place (``\\r``); in a log file (``redraw=False``) each
update is a line of its own, so a cron job's log reads as a list of milestones rather than
one line thousands of updates long. ``every`` seconds between updates keeps either from
costing more than the work it reports on; the first and the last update are always shown.
"""

import time
import unicodedata

from django.core.management.base import OutputWrapper

from envoy.core.lib.numbers import thousands


def display_width(text: str) -> int:
    """Columns a terminal gives ``text``: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class ProgressBar:
    """``[#########           ] 1,200/3,000 text``, redrawn as work goes on."""

    def __init__(self, stream, *, width: int = 30, redraw: bool = True, every: float = 0.0):
        self.stream, self.width, self.redraw, self.every = stream, width, redraw, every
        self.started = time.monotonic()
        self._shown_at: float | None = None
        self._last_width = 0

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def rate(self, done: int) -> float:
        """Items a second so far."""
        return done / self.elapsed if self.elapsed > 0 else 0.0

    def remaining(self, done: int, total: int) -> float | None:
        """Seconds left at the rate so far; None before there is a rate."""
        rate = self.rate(done)
        return (total - done) / rate if done and rate else None

    def show(self, done: int, total: int, text: str = "") -> None:
        """Draw the bar; ends the line when ``done`` reaches ``total``."""
        now = time.monotonic()
        finished = done >= total
        if not finished and self._shown_at is not None and now - self._shown_at < self.every:
            return
        self._shown_at = now
        filled = self.width * done // total if total else self.width
        bar = "#" * filled + " " * (self.width - filled)
        line = f"[{bar}] {thousands(done)}/{thousands(total)} {text}".rstrip()
        if self.redraw:
            # Spaces over what a longer previous line left behind.
            pad = " " * max(0, self._last_width - display_width(line))
            self._write(f"\r{line}{pad}")
            self._last_width = display_width(line)
            if finished:
                self._write("\n")
                self._last_width = 0
        else:
            self._write(line + "\n")
        self._flush()

    def _write(self, text: str) -> None:
        if isinstance(self.stream, OutputWrapper):
            # Not in the red Django gives stderr on a terminal: this is no error.
            self.stream.write(text, style_func=_plain, ending="")
        else:
            self.stream.write(text)

    def _flush(self) -> None:
        flush = getattr(self.stream, "flush", None)
        if flush:
            flush()


def _plain(text: str) -> str:
    return text


def format_duration(seconds: float) -> str:
    """1:02:03, 2:03 or 5.2 s — short enough for a progress line."""
    if seconds < 59.5:
        return f"{seconds:.1f} s"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    if minutes:
        return f"{minutes}:{seconds:02d}"
    return f"{seconds} s"
