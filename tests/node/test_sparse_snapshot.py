"""The shipped snapshot format (build_scripts/runtime.py: sparse_snapshot): zero pages and
pages equal to the fresh module's memory are left out, and expanding gives back the
snapshot byte for byte. Its reader (calculator/runtime/pyodide-start.js, in the page and
in Node) is exercised by the parity tests and by the browser tests."""

from __future__ import annotations

import random

import pytest

from build_scripts.runtime import (FROM_MEMORY, SPARSE_MIN_GAP, SPARSE_PAGE, BuildError,
                                   expand_sparse, sparse_snapshot)

PAGE = SPARSE_PAGE
HEADER = 128


def segments(sparse: bytes) -> list[tuple[int, int, bool]]:
    word = lambda i: int.from_bytes(sparse[4 * i:4 * i + 4], "little")  # noqa: E731
    return [(word(4 + 2 * k), word(5 + 2 * k) & ~FROM_MEMORY, bool(word(5 + 2 * k) & FROM_MEMORY))
            for k in range(word(2))]


def make(pages: str, seed: int = 1) -> tuple[bytes, bytes]:
    """A snapshot (HEADER bytes, then one memory page per letter) and the fresh memory:
    z = zero page, m = equal to the fresh memory, d = changed data, c = zero now but not
    in the fresh memory (cleared at run time)."""
    rnd = random.Random(seed)
    initial, memory = bytearray(), bytearray()
    for kind in pages:
        fresh = bytes(rnd.randrange(1, 256) for _ in range(PAGE))
        initial += fresh if kind in "mc" else bytes(PAGE)
        memory += {"z": bytes(PAGE), "m": fresh, "c": bytes(PAGE),
                   "d": bytes(rnd.randrange(1, 256) for _ in range(PAGE))}[kind]
    header = bytes(rnd.randrange(256) for _ in range(HEADER))
    return header + bytes(memory), bytes(initial)


@pytest.mark.parametrize("pages", ["zmmdzzdmcd", "dddd", "mmmm", "zzzz", "cdcm", "d" + "z" * 20 + "d", "dzzd"])
def test_round_trip(pages):
    raw, initial = make(pages)
    sparse = sparse_snapshot(raw, initial, HEADER)
    assert expand_sparse(sparse, initial) == raw


def test_only_changed_pages_are_shipped():
    raw, initial = make("zmmdzzdmcd")
    sparse = sparse_snapshot(raw, initial, HEADER)
    segs = segments(sparse)
    shipped = sum(length for _, length, from_memory in segs if not from_memory)
    assert shipped == len(sparse) - 16 - 8 * len(segs)
    assert sum(length for _, length, m in segs if m) == 3 * PAGE  # the three m pages
    # the header and the three changed pages, plus the short zero run between two of them
    # (kept inside one segment: fewer segments); zero pages elsewhere are left out
    assert shipped == HEADER + 3 * PAGE + 2 * PAGE


def test_long_zero_runs_are_left_out():
    gap = SPARSE_MIN_GAP // PAGE + 1
    raw, initial = make("d" + "z" * gap + "d")
    sparse = sparse_snapshot(raw, initial, HEADER)
    assert len(sparse) < HEADER + 3 * PAGE  # header + two pages + the segment table
    assert [m for *_, m in segments(sparse)] == [False, False]


def test_a_page_cleared_since_instantiation_stays_zero():
    raw, initial = make("cm")
    sparse = sparse_snapshot(raw, initial, HEADER)
    out = expand_sparse(sparse, initial)
    assert out[HEADER:HEADER + PAGE] == bytes(PAGE)
    assert out == raw


def test_expanding_needs_the_same_fresh_memory():
    raw, initial = make("mmd")
    sparse = sparse_snapshot(raw, initial, HEADER)
    other = bytes(len(initial))
    assert expand_sparse(sparse, other) != raw


def test_not_a_sparse_snapshot():
    with pytest.raises(BuildError):
        expand_sparse(bytes(64), bytes(64))
