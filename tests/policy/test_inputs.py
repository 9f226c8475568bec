"""Hostile JSON inputs to `python -m policy assess` (a file or standard input) and to
policy.api.evaluate: each gets a Chinese message, quoting a bad value briefly, never a traceback."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from policy import api

ROOT = Path(__file__).resolve().parents[2]
GOOD = {"plan": "jinzhong-2019-2020",
        "enterprise": {"name": "某某焦化有限公司", "county": "介休市", "stable_compliance": True,
                       "permit_compliant": True, "governance_done": True, "green_factory": False,
                       "exemption_emission": "none"},
        "facilities": [{"id": "F1", "name": "1#焦炉", "industry": "coke", "distance_km": 6.5, "category": "permitted",
                        "meets_special_limits": True, "supplies_heat_or_gas": False}]}


def assess(data: bytes, stdin: bool, tmp_path: Path):
    if stdin:
        args, given = ["-"], data
    else:
        (tmp_path / "in.json").write_bytes(data)
        args, given = [str(tmp_path / "in.json")], None
    return subprocess.run([sys.executable, "-m", "policy", "assess", *args], cwd=ROOT, input=given,
                          capture_output=True, timeout=60)


def text(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False)


def with_name(name) -> dict:
    return {**GOOD, "enterprise": {**GOOD["enterprise"], "name": name}}


@pytest.mark.parametrize("stdin", [False, True], ids=["file", "stdin"])
@pytest.mark.parametrize("data,code,message", [
    (text(GOOD).encode(), 0, ""),
    (b"\xef\xbb\xbf" + text(GOOD).encode(), 0, ""),
    (text(GOOD).encode("gbk"), 2, "不是 UTF-8 编码（看来是 GBK/GB18030）"),
    (text(GOOD).encode("utf-16"), 2, "UTF-16 编码"),
    (json.dumps(with_name("某\ud800公司")).encode(), 2, "不成对的 Unicode 代理项"),
    (text(GOOD).replace("6.5", "9" * 4000).encode(), 2, "超过 30 位的上限"),
    (text(GOOD).replace("6.5", "1e999").encode(), 2, "超出可处理的范围"),
    (text(GOOD).replace("6.5", "NaN").encode(), 2, "不允许的值 NaN"),
    (text({**GOOD, "enterprise": {**GOOD["enterprise"], "county": ["介休市"]}}).encode(), 2, "须为文字，收到的是列表"),
    (b"[" * 100000, 2, "嵌套层数过多"),
], ids=["utf8", "bom", "gbk", "utf16", "surrogate", "digits", "inf", "nan", "county-list", "nested"])
def test_hostile_json(data, code, message, stdin, tmp_path):
    done = assess(data, stdin, tmp_path)
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == code, stderr
    assert "Traceback" not in stderr and message in stderr


def test_a_long_bad_value_is_quoted_briefly_and_problems_are_capped():
    long_name = "甲" * 300_000
    data = {**with_name(long_name), "facilities": [{"industry": "x" * 100_000}] * 3}
    answer = json.loads(api.evaluate(json.dumps(data, ensure_ascii=False)))
    assert not answer["ok"] and len(json.dumps(answer, ensure_ascii=False)) < 20_000
    keys = {f"k{i}": 1 for i in range(5000)}
    answer = json.loads(api.evaluate(json.dumps({**GOOD, **keys})))
    assert len(answer["errors"]) == 201 and "其余未列出" in answer["errors"][200]["message"]
    answer = json.loads(api.evaluate("x" * (api.MAX_INPUT_CHARS + 1)))
    assert "超过 1000000 的上限" in answer["errors"][0]["message"]
