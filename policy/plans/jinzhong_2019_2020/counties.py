"""Jinzhong's county-level units as of August 2019, plus the development zone."""
from __future__ import annotations

COUNTIES = (
    "榆次区", "太谷县", "祁县", "平遥县", "介休市", "灵石县",
    "寿阳县", "昔阳县", "和顺县", "左权县", "榆社县", "晋中开发区",
)

COUNTY_NOTES = {
    "太谷县": "2019年12月9日经批准撤县设区，改称太谷区（采暖季期间）。",
    "介休市": "县级市。",
    "晋中开发区": "山西转型综合改革示范区晋中开发区。",
}

# Names people also write; accepted and reported as the plan's name.
COUNTY_ALIASES = {"太谷区": "太谷县", "开发区": "晋中开发区", "山西转型综合改革示范区晋中开发区": "晋中开发区"}
