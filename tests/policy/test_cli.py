"""The command line: JSON in, JSON or Chinese text out, clear errors and exit codes."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.casebook import load_cases

ROOT = Path(__file__).resolve().parents[2]
COKE = next(c for c in load_cases() if c.name == "焦化 10公里内 允许类 40%")


def run(*args, stdin: str | None = None, python: str = sys.executable):
    return subprocess.run([python, "-m", "policy", *args], input=stdin, capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, timeout=60)


def test_assess_from_stdin_prints_json():
    done = run("assess", "-", stdin=json.dumps(COKE.input, ensure_ascii=False))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["facilities"][0]["outcome"] == "curtail"
    assert result["facilities"][0]["ratio"] == 40


def test_assess_file_as_chinese_text(tmp_path):
    path = tmp_path / "input.json"
    path.write_text(json.dumps(COKE.input, ensure_ascii=False), encoding="utf-8-sig")  # BOM as Notepad writes
    done = run("assess", str(path), "--format", "text")
    assert done.returncode == 0, done.stderr
    assert "结论：限产。限产 40%，允许生产负荷 60%，或停产 61 天。" in done.stdout
    assert "市工信产发〔2019〕79号" in done.stdout


def test_bad_input_lists_every_problem_and_exits_2():
    bad = {"enterprise": {"name": "甲", "county": "太原市"}, "facilities": [{"name": "x", "industry": "coke",
                                                                        "distance_km": -1}]}
    done = run("assess", "-", stdin=json.dumps(bad, ensure_ascii=False))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert "[enterprise.county]" in done.stderr and "太原市" in done.stderr
    assert "[facilities[0].distance_km]" in done.stderr and "须在 0 到 500" in done.stderr
    assert "缺少必答项「各类污染物能稳定达标排放」" in done.stderr


@pytest.mark.parametrize("text", ["", "{", "[1, 2]", "null"])
def test_malformed_json_is_an_error_not_a_traceback(text):
    done = run("assess", "-", stdin=text)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.strip()


def test_missing_file():
    done = run("assess", "/nonexistent/input.json")
    assert done.returncode == 2
    assert "无法读取输入文件" in done.stderr and "Traceback" not in done.stderr


def test_schema_clauses_cases_register_questions():
    schema = json.loads(run("schema").stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    assert "distance_km" in schema["properties"]["facilities"]["items"]["properties"]
    clauses = json.loads(run("clauses").stdout)
    assert [c["id"] for c in clauses][:4] == ["0", "1.1", "1.2", "1.3"]
    cases = json.loads(run("cases").stdout)
    assert {"case": "3.1.2/within_10km/has_sintering", "ratio": 50}.items() <= next(
        c for c in cases if c["case"] == "3.1.2/within_10km/has_sintering").items()
    register = json.loads(run("register").stdout)
    assert register[3]["id"] == "R4"
    questions = json.loads(run("questions").stdout)
    assert any(q["field"] == "cupola_capacity_t" and q["industries"] == ["foundry"] for q in questions["questions"])


def test_unknown_command_exits_non_zero():
    done = run("frobnicate")
    assert done.returncode != 0 and "Traceback" not in done.stderr


def test_runs_on_the_oldest_supported_python():
    """The package is stdlib-only and claims Python ≥ 3.11: run it on 3.11 when the machine has one."""
    candidates = [shutil.which("python3.11")] + [str(p) for p in Path.home().glob(".pyenv/versions/3.11*/bin/python")]
    python = next((c for c in candidates if c), None)
    if python is None:
        python = sys.executable  # the venv's own Python still proves the command works
    done = run("assess", "-", stdin=json.dumps(COKE.input, ensure_ascii=False), python=python)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["facilities"][0]["ratio"] == 40


def test_deeply_nested_json_is_an_error_not_a_traceback():
    done = run("assess", "-", stdin="[" * 100000)
    assert done.returncode == 2
    assert "输入不是有效的 JSON" in done.stderr and "Traceback" not in done.stderr


# 二、6 / 二、12 from the command line: the same county files, check and message as `lists`.
FIGURES = ROOT / "tests" / "fixtures" / "county_figures"
JIEXIU = {**COKE.input, "enterprise": {**COKE.input["enterprise"], "county": "介休市"}}


def _lowered(tmp_path: Path) -> Path:
    data = json.loads((FIGURES / "example-jiexiu.json").read_text(encoding="utf-8"))
    data["changes"][0]["ratio"] = 30  # 三（一）3, within 10 km, permitted: the city's figure is 40
    path = tmp_path / "lowered.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_assess_applies_county_figures_from_files():
    stdin = json.dumps(JIEXIU, ensure_ascii=False)
    plain = json.loads(run("assess", "-", stdin=stdin).stdout)["facilities"][0]
    assert plain["ratio"] == 40  # the package ships no county decision
    done = run("assess", "-", "--county-figures", str(FIGURES / "example-jiexiu.json"), stdin=stdin)
    assert done.returncode == 0, done.stderr
    facility = json.loads(done.stdout)["facilities"][0]
    assert (facility["ratio"], facility["allowed_load"], facility["shutdown_days"]) == (50, 50, 76)
    assert facility["county_change"]["plan_ratio"] == 40 and {"2.6", "2.12"} <= set(facility["clauses"])
    text = run("assess", "-", "--format", "text", "--county-figures", str(FIGURES / "example-jiexiu.json"),
               stdin=stdin).stdout
    assert "县级调整：介休市（示例：非真实县级决定（测试与演示用））由 40% 提高到 50%" in text


def test_assess_rejects_a_lowered_county_figure_as_lists_does(tmp_path):
    lowered = str(_lowered(tmp_path))
    done = run("assess", "-", "--county-figures", lowered, stdin=json.dumps(JIEXIU, ensure_ascii=False))
    assert done.returncode == 2 and done.stdout == "" and "Traceback" not in done.stderr
    assert "30% 低于市级方案的 40%" in done.stderr and "不得降低（二、6，二、12）" in done.stderr
    assert f"县级比例文件 {lowered}" in done.stderr
    listed = run("lists", str(tmp_path / "none.xlsx"), "-o", str(tmp_path / "out.xlsx"), "--county-figures", lowered)
    assert listed.returncode == 2 and listed.stderr == done.stderr  # one check, one message


def test_assess_reports_unreadable_and_duplicate_county_files(tmp_path):
    stdin = json.dumps(JIEXIU, ensure_ascii=False)
    done = run("assess", "-", "--county-figures", str(tmp_path / "missing.json"), stdin=stdin)
    assert done.returncode == 2 and "无法读取县级比例文件" in done.stderr and "missing.json" in done.stderr
    example = str(FIGURES / "example-jiexiu.json")
    done = run("assess", "-", "--county-figures", example, "--county-figures", example, stdin=stdin)
    assert done.returncode == 2 and "每县只能有一个" in done.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    done = run("assess", "-", "--county-figures", str(broken), stdin=stdin)
    assert done.returncode == 2 and "不是有效的 JSON" in done.stderr and "Traceback" not in done.stderr


def test_clauses_and_trace_mean_the_same_in_report_lists_and_site():
    from policy.engine.report import CLAUSES_MEANING, TRACE_MEANING
    from policy.lists.output import FACILITY_HEADERS

    text = run("assess", "-", "--format", "text", stdin=json.dumps(COKE.input, ensure_ascii=False)).stdout
    assert CLAUSES_MEANING in text and TRACE_MEANING in text
    assert "   依据条款：3.1.3、2.10" in text  # 2.1 passed, 2.2 not met: checked, not cited
    assert "依据条款" in [h for h, _ in FACILITY_HEADERS]
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    for meaning in (CLAUSES_MEANING, TRACE_MEANING):
        assert meaning.split("：", 1)[1] in glossary


def test_the_readme_input_example_is_valid():
    """A new user copies policy/README.md's example: it must assess as written."""
    readme = (ROOT / "policy" / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Input (JSON)", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    done = run("assess", "-", stdin=example)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["facilities"][0]["ratio"] == 40  # 三（一）3: 10 km, permitted
