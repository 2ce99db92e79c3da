"""memory: freed pages go back to the system."""

from __future__ import annotations

import os
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
    release_free_memory()
    blocks = [bytearray(40_000) for _ in range(2_000)]     # 80 MB, under mmap's threshold
    del blocks[::2]
    before = _resident()
    assert _resident() == before                # nothing goes back by itself
    release_free_memory()
    assert before - _resident() > 5 * 2**20 // os.sysconf("SC_PAGE_SIZE")   # > 5 MB back
