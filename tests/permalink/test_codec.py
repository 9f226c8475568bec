"""Permalinks (calculator/app/codec.js) under Node: hostile links end in a Chinese message,
quickly, whatever they hold — a deflate bomb, nesting that would overflow a recursive
parser, a thousand facilities, an overlong link."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_hostile_links_are_bounded():
    done = subprocess.run(["node", str(HERE / "codec_cases.mjs")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["round_trip"]["ok"] and out["round_trip"]["facilities"] == 3
    assert out["plain"]["ok"] and out["plain"]["facilities"] == 2
    assert not out["bomb"]["ok"] and "解压后超过 256 KB 的上限" in out["bomb"]["message"]
    assert not out["deep"]["ok"] and "已损坏" in out["deep"]["message"]
    assert not out["many_facilities"]["ok"] and "超过每个企业 100 个的上限" in out["many_facilities"]["message"]
    assert not out["long_link"]["ok"] and "64 KB 的上限" in out["long_link"]["message"]
    assert not out["broken"]["ok"] and "已损坏" in out["broken"]["message"]
    for name, answer in out.items():
        assert answer["ms"] < 2000, (name, answer)
