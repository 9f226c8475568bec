"""Every JSON example in the project's README files runs: an input (with "facilities") is
assessed without a problem, a county file (with "changes") is accepted."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from policy import api
from policy.engine.county import parse_county_figures
from policy.plans import load_plan

ROOT = Path(__file__).resolve().parents[2]
FENCE = re.compile(r"```json\n(.*?)```", re.S)


def readmes() -> list[Path]:
    """The README files git tracks (a fresh clone's)."""
    listed = subprocess.run(["git", "ls-files", "README.md", "*/README.md"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.split()
    return [ROOT / name for name in sorted(listed)]


EXAMPLES = [(f"{path.relative_to(ROOT)}#{number}", block) for path in readmes()
            for number, block in enumerate(FENCE.findall(path.read_text(encoding="utf-8")), 1)]


def test_the_readmes_have_json_examples():
    assert len(EXAMPLES) >= 2, [name for name, _ in EXAMPLES]


@pytest.mark.parametrize("name,block", EXAMPLES, ids=[name for name, _ in EXAMPLES])
def test_each_json_example_runs(name, block):
    data = json.loads(block)
    if "facilities" in data:
        answer = json.loads(api.evaluate(block))
        assert answer["ok"], answer["errors"]
        assert answer["result"]["facilities"][0]["outcome"]
    elif "changes" in data:
        figures = parse_county_figures(load_plan(), data)
        assert figures.county == data["county"]
    else:
        pytest.fail(f"{name}: an example neither an input nor a county file")
