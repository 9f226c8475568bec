"""County figures (2.6, 2.12): the example file applied (assess, lists, CLI, a built wheel),
a lowering rejected, the rows the site renders."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import policy
from policy.engine.county import load_county_files
from tests.lists.test_lists import _cli, coke, sheet_of
from tests.lists.helpers import facilities, read_book, workbook_bytes

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "county_figures"
EXAMPLE = FIXTURES / "example-jiexiu.json"
PLAN = policy.load_plan()
COKE = {"plan": "jinzhong-2019-2020",
        "enterprise": {"name": "甲焦化有限公司", "county": "介休市", "stable_compliance": True,
                       "permit_compliant": True, "governance_done": True, "green_factory": False,
                       "exemption_emission": "none"},
        "facilities": [{"name": "1#焦炉", "industry": "coke", "category": "permitted", "within_10km": True,
                        "meets_special_limits": True, "supplies_heat_or_gas": False}]}


def test_the_package_ships_no_county_decision():
    directory = ROOT / "policy" / "plans" / "jinzhong_2019_2020" / "county_figures"
    assert list(directory.glob("*.json")) == []
    assert policy.county_figures() == {}
    assert policy.assess(COKE)["facilities"][0]["ratio"] == 40


def test_example_file_is_marked_as_an_example():
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert data["example"] is True and "示例" in data["document"] and "示例" in data["note"]


def test_example_raises_the_ratio_for_its_county_only():
    figures = load_county_files(PLAN, FIXTURES)
    assert list(figures) == ["介休市"]
    facility = policy.assess(COKE, county_figures=figures)["facilities"][0]
    # 三（一）3: 40% within 10 km for the permitted category; the example raises it to 50%.
    assert (facility["ratio"], facility["allowed_load"], facility["shutdown_days"]) == (50, 50, 76)
    assert facility["county_change"]["plan_ratio"] == 40 and facility["county_change"]["example"] is True
    assert {"2.6", "2.12"} <= set(facility["clauses"])
    other = {**COKE, "enterprise": {**COKE["enterprise"], "name": "乙", "county": "灵石县"}}
    assert policy.assess(other, county_figures=figures)["facilities"][0]["ratio"] == 40


def test_county_table_rows_for_the_site():
    table = policy.county_table("介休市", county_figures=load_county_files(PLAN, FIXTURES))
    assert table["example"] is True and table["document"].startswith("示例")
    assert [(r["case"], r["clause"], r["city_ratio"], r["county_ratio"], r["raise_by"]) for r in table["rows"]] == [
        ("3.1.3/within_10km/permitted", "3.1.3", 40, 50, 10),
        ("3.1.3/not-within_10km/permitted", "3.1.3", 30, 35, 5),
    ]
    assert table["rows"][0]["conditions"] == ["生产设施在市、县建成区及周边10公里范围内", "属于产业政策允许类"]
    assert table["rows"][0]["clause_display"] == "三（一）3" and "示例" in table["rows"][0]["reason"]
    assert policy.county_table("祁县")["rows"] == []
    assert policy.county_table("太谷区")["county"] == "太谷县"


def _lowered(tmp_path: Path) -> Path:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["changes"][0]["ratio"] = 30  # city: 40
    directory = tmp_path / "lowered"
    directory.mkdir()
    (directory / "jiexiu.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return directory


def test_a_lower_figure_is_rejected(tmp_path):
    with pytest.raises(policy.ValidationError) as error:
        load_county_files(PLAN, _lowered(tmp_path))
    message = error.value.errors[0]["message"]
    assert "jiexiu.json" in message and "30% 低于市级方案的 40%" in message and "不得降低" in message


def test_two_files_for_one_county_are_rejected(tmp_path):
    for name in ("a.json", "b.json"):
        shutil.copy(EXAMPLE, tmp_path / name)
    with pytest.raises(policy.ValidationError, match="每县只能有一个"):
        load_county_files(PLAN, tmp_path)


def test_lists_apply_the_county_file_and_reject_a_lowering(tmp_path):
    source = tmp_path / "in.xlsx"
    source.write_bytes(workbook_bytes(sheet_of(coke(), coke(**{"所在县（区、市）": "灵石县"}))))
    proc = _cli("lists", str(source), "-o", str(tmp_path / "out.xlsx"), "--county-figures", str(EXAMPLE))
    assert proc.returncode == 0, proc.stderr
    book = read_book((tmp_path / "out.xlsx").read_bytes())
    rows = {f["所在县（区、市）"]: f for f in facilities(book)}
    assert rows["介休市"]["限产比例（%）"] == 50 and "示例" in rows["介休市"]["县级调整"]
    assert "由 40% 提高到 50%" in rows["介休市"]["县级调整"]
    assert rows["灵石县"]["限产比例（%）"] == 40 and rows["灵石县"]["县级调整"] is None
    assert any(r[0] == "县级调整文件" and "示例" in r[1] for r in book["汇总"])
    proc = _cli("lists", str(source), "-o", str(tmp_path / "out2.xlsx"),
                "--county-figures", str(_lowered(tmp_path) / "jiexiu.json"))
    assert proc.returncode == 2 and "低于市级方案的 40%" in proc.stderr
    assert not (tmp_path / "out2.xlsx").exists()


def test_api_evaluate_takes_county_files_and_rejects_a_lowering(tmp_path):
    example = EXAMPLE.read_text(encoding="utf-8")
    answer = json.loads(policy.api.evaluate(json.dumps(COKE), "[" + example + "]"))
    assert answer["ok"] and answer["result"]["facilities"][0]["ratio"] == 50
    lowered = (_lowered(tmp_path) / "jiexiu.json").read_text(encoding="utf-8")
    answer = json.loads(policy.api.evaluate(json.dumps(COKE), "[" + lowered + "]"))
    assert not answer["ok"] and "低于市级方案" in answer["errors"][0]["message"]


def test_county_files_ship_in_the_wheel_and_are_used_by_default(tmp_path):
    """Build the wheel from a copy of the project with the example among the package's county
    files, then import policy from the wheel file itself (a zip: importlib.resources)."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "pyproject.toml", project)
    for name in ("README.md",):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, project)
    shutil.copytree(ROOT / "policy", project / "policy", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(EXAMPLE, project / "policy" / "plans" / "jinzhong_2019_2020" / "county_figures" / EXAMPLE.name)
    out = tmp_path / "wheel"
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(project)]
    try:
        import setuptools  # noqa: F401  (as build_scripts/runtime.py: offline when it is installed)
        command.insert(4, "--no-build-isolation")
    except ImportError:
        pass
    build = subprocess.run(command, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-3000:]
    (wheel,) = out.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert f"policy/plans/jinzhong_2019_2020/county_figures/{EXAMPLE.name}" in archive.namelist()
    code = ("import json, policy, policy.api as api; "
            "assert policy.__file__.startswith(%r), policy.__file__; "
            "r = policy.assess(json.loads(%r)); "
            "e = json.loads(api.evaluate(%r)); "
            "print(json.dumps([r['facilities'][0]['ratio'], e['result']['facilities'][0]['ratio'], "
            "policy.county_table('介休市')['rows'][0]['county_ratio']]))"
            % (str(wheel), json.dumps(COKE), json.dumps(COKE)))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([sys.executable, "-c", code], env={**env, "PYTHONPATH": str(wheel)},
                          cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [50, 50, 50]
