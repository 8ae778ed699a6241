"""Which personal data a user has been shown: the one place decryptions are collected.

Every read of an encrypted personal field calls `note_read()`. Inside `collecting()` (one
web or API request of a signed-in user) the reads are gathered, and the audit layer writes
one entry per object read when the request ends. Outside it (CLI, jobs, migrations) nothing
is collected: those callers audit their own run.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class Read:
    """The fields of one object read in this request, and the case they belong to."""

    obj: object
    fields: set[str] = field(default_factory=set)


_reads: ContextVar[dict[tuple[str, str], Read] | None] = ContextVar("atis_reads", default=None)


def note_read(instance, field_name: str) -> None:
    reads = _reads.get()
    if reads is None:
        return
    key = (instance._meta.label_lower, str(instance.pk))
    reads.setdefault(key, Read(instance)).fields.add(field_name)


@contextmanager
def collecting() -> Iterator[dict[tuple[str, str], Read]]:
    """Collect the reads made inside the block; yields the live mapping."""
    reads: dict[tuple[str, str], Read] = {}
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)
