"""The shipped snapshot format (build_scripts/runtime.py: sparse_snapshot): runs of zero pages
are left out, and expanding gives back the snapshot byte for byte. Its reader
(calculator/runtime/pyodide-start.js, in the page and in Node) is exercised by
test_pyodide_start.py, the parity tests and the browser tests."""

from __future__ import annotations

import random

import pytest

from build_scripts.runtime import SPARSE_MIN_GAP, SPARSE_PAGE, BuildError, expand_sparse, sparse_snapshot

PAGE = SPARSE_PAGE
HEADER = 128


def segments(sparse: bytes) -> list[tuple[int, int]]:
    word = lambda i: int.from_bytes(sparse[4 * i:4 * i + 4], "little")  # noqa: E731
    return [(word(3 + 2 * k), word(4 + 2 * k)) for k in range(word(2))]


def make(pages: str, seed: int = 1) -> bytes:
    """A snapshot: HEADER bytes, then one page per letter, z = zero, d = data; a last page
    may be short (`s`: half a page of data)."""
    rnd = random.Random(seed)
    data = lambda n: bytes(rnd.randrange(1, 256) for _ in range(n))  # noqa: E731
    return data(HEADER) + b"".join({"z": bytes(PAGE), "d": data(PAGE), "s": data(PAGE // 2)}[p] for p in pages)


@pytest.mark.parametrize("pages", ["zddzzdzd", "dddd", "zzzz", "", "d" + "z" * 20 + "d", "dzzd", "dzs", "z" * 20 + "s"])
def test_round_trip(pages):
    raw = make(pages)
    assert expand_sparse(sparse_snapshot(raw)) == raw


def test_long_zero_runs_are_left_out():
    gap = SPARSE_MIN_GAP // PAGE + 1
    raw = make("d" + "z" * gap + "d")
    sparse = sparse_snapshot(raw)
    assert len(segments(sparse)) == 2
    assert len(sparse) < len(raw) - (gap - 2) * PAGE


def test_short_zero_runs_stay_in_one_segment():
    raw = make("dzzd")
    sparse = sparse_snapshot(raw)
    assert segments(sparse) == [(0, len(raw))]  # fewer, longer segments


def test_not_a_sparse_snapshot():
    with pytest.raises(BuildError):
        expand_sparse(bytes(64))
    with pytest.raises(BuildError):
        expand_sparse(sparse_snapshot(make("dd"))[:-1])
