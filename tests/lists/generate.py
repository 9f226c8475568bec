"""Generated county lists for tests and the benchmark: rows written from the template's
headers with Chinese labels, and the outcome each row must get (from the plan's text,
not from the code under test)."""
from __future__ import annotations

import random

# A base facility that passes 2.1, claims no exemption and supplies no heat (as in
# tests/casebook.py), in the template's Chinese.
BASE = {
    "各类污染物能稳定达标排放": "是", "达到排污许可管理要求": "是",
    "已完成年度环保治理改造任务（包括无组织排放治理）": "是", "列入工信部绿色工厂示范": "否",
    "排放水平（豁免条件）": "以上都不是", "承担供气、供热等民生任务": "否",
}
NEAR = "生产设施位于市、县建成区及周边10公里范围内"
DISTANCE = "距市、县建成区边界的距离（公里）"

# (extra answers, expected outcome label, ratio, 清单) — ratios as the plan writes them.
KINDS = [
    ({"所属行业": "焦化", "产业政策类别": "允许类", NEAR: "是", "污染物排放达到特别排放限值": "是"},
     "限产", 40, "错峰生产企业清单"),                                   # 三（一）3
    ({"所属行业": "焦化", "产业政策类别": "鼓励类", DISTANCE: 12, "污染物排放达到特别排放限值": "是"},
     "限产", 20, "错峰生产企业清单"),                                   # 三（一）3, outside 10 km
    ({"所属行业": "焦化", "产业政策类别": "允许类", NEAR: "是", "污染物排放达到特别排放限值": "否"},
     "采暖季停产", None, "错峰生产企业清单"),                            # 三（一）3
    ({"所属行业": "其他高排放行业（二、4 所列“等”行业）", "产业政策类别": "限制类", DISTANCE: 10},
     "限产", 50, "错峰生产企业清单"),                                   # 二、4: 10 km is within
    ({"所属行业": "其他高排放行业（二、4 所列“等”行业）", "产业政策类别": "允许类", NEAR: "否"},
     "限产", 30, "错峰生产企业清单"),                                   # 二、4
    ({"所属行业": "钢铁", "符合在线监控要求（已安装在线监测设备并联网）": "是",
      "烧结机排放达到超低排放": "是", "无组织排放完成超低排放改造": "是"},
     "限产", 40, "错峰生产企业清单"),                                   # 三（一）1
    ({"所属行业": "其他行业（本方案未列明）"}, "本方案未列明", None, "待县级核定"),
]
# What an enterprise answers once (二、1, 二、2) decides all its rows, whatever each row's kind.
ENTERPRISE_KINDS = [
    ({"列入工信部绿色工厂示范": "是"}, "不予限产", None, "错峰生产豁免清单"),        # 二、2（1）
    ({"各类污染物能稳定达标排放": "否"}, "停产治理", None, "错峰生产企业清单"),      # 二、1 before the rest
]
COUNTIES = ["榆次区", "太谷县", "祁县", "平遥县", "介休市", "灵石县", "寿阳县", "昔阳县", "和顺县", "左权县",
            "榆社县", "晋中开发区"]


def rows(count: int, seed: int = 7, facilities_per_enterprise: int = 4) -> list[tuple[dict, tuple]]:
    """[(row as {header: value}, (outcome label, ratio, 清单))]."""
    rng = random.Random(seed)
    out = []
    shared: tuple = ({}, None)
    for index in range(count):
        enterprise = index // facilities_per_enterprise
        if index % facilities_per_enterprise == 0:  # a new enterprise: one in four exempt or rectified
            pick = rng.randrange(len(KINDS) + len(ENTERPRISE_KINDS))
            shared = (ENTERPRISE_KINDS[pick - len(KINDS)][0], ENTERPRISE_KINDS[pick - len(KINDS)][1:]) \
                if pick >= len(KINDS) else ({}, None)
        extra, label, ratio, which = KINDS[rng.randrange(len(KINDS))]
        row = {"所在县（区、市）": COUNTIES[enterprise % len(COUNTIES)], "企业名称": f"测试企业{enterprise:05d}有限公司",
               "设施名称": f"{index % facilities_per_enterprise + 1}#生产线", **BASE, **extra, **shared[0]}
        out.append((row, shared[1] or (label, ratio, which)))
    return out


def table(headers: list[str], items: list[dict]) -> list[list]:
    unknown = {k for item in items for k in item} - set(headers)
    assert not unknown, unknown
    return [list(headers)] + [[item.get(h) for h in headers] for item in items]
