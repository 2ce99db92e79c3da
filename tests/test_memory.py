"""memory: freed pages go back to the system."""

from __future__ import annotations

import sys

import pytest

from cdisc_convert.memory import release_free_memory


def _resident() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_release_free_memory_returns_freed_heap_pages() -> None:
    # many small blocks live on the heap (not mmap): freeing every other one leaves holes
    # the allocator keeps until it is asked to give them back
    blocks = [bytearray(4000) for _ in range(40_000)]
    del blocks[::2]
    before = _resident()
    release_free_memory()
    assert _resident() < before
