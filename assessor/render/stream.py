"""Output written piece by piece (``rules diff`` can be gigabytes), in blocks of bounded size."""

from __future__ import annotations

from collections.abc import Callable


class Buffered:
    """Collects small pieces of output and passes them on in blocks of about 64 kB."""

    def __init__(self, write: Callable[[str], None], size: int = 1 << 16):
        self.write_out, self.size, self.length = write, size, 0
        self.parts: list[str] = []

    def __call__(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)
        if self.length >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.write_out("".join(self.parts))
            self.parts, self.length = [], 0
