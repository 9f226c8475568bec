"""How an answer typed as text becomes a value: one parser for the form (number fields
send the text as typed), JSON input and spreadsheet cells (policy.lists.columns).

Each function returns (value, None) or (None, the tail of a Chinese message, e.g.
"须为数字…，填写的是「…」"); the caller puts the facility, row or field in front.
"""
from __future__ import annotations

import re
import unicodedata

TRUE_WORDS = ("是", "有", "y", "yes", "true", "1", "√", "对")
FALSE_WORDS = ("否", "无", "没有", "n", "no", "false", "0", "×", "不是")

# Spellings of a question's unit that may follow the number ("8吨", "8 t", "6.5km").
UNIT_SPELLINGS = {
    "公里": ("公里", "千米", "km"),
    "吨": ("吨", "t"),
    "个月": ("个月", "月"),
    "毫克/立方米": ("毫克/立方米", "mg/m3", "mg/m³", "mg/nm3", "mg/nm³"),
    "%": ("%",),
}
# A decimal number: no thousands separators (1,5 could be 1.5), no "inf", "nan" or "1_0"
# (which float() takes).
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?")


def normalize(text: str) -> str:
    """Full-width to half-width (NFKC: ８ → 8, ％ → %), no spaces, lower case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def parse_number(text: str, unit: str = ""):
    """"8", "8吨", "８ t", "1e9", "12.5%" → a number (int when whole); else a message."""
    word = normalize(text)
    for spelling in sorted(UNIT_SPELLINGS.get(unit, (unit,) if unit else ()), key=len, reverse=True):
        spelling = normalize(spelling)
        if spelling and word.endswith(spelling):
            word = word[: -len(spelling)]
            break
    if not _NUMBER.fullmatch(word):
        return None, f"须为数字（如 8 或 8.5），填写的是「{text.strip()}」"
    number = float(word)
    if number != number or number in (float("inf"), float("-inf")):
        return None, f"须为数字，填写的是「{text.strip()}」"
    return (int(number) if number.is_integer() and abs(number) < 2 ** 53 else number), None


def parse_boolean(text: str):
    """是/否 and their usual spellings (有/无, y/n, √/×, 1/0) → True/False; else a message."""
    word = normalize(text)
    if word in _TRUE:
        return True, None
    if word in _FALSE:
        return False, None
    return None, f"须填写“是”或“否”，填写的是「{text}」"


_TRUE = frozenset(normalize(w) for w in TRUE_WORDS)
_FALSE = frozenset(normalize(w) for w in FALSE_WORDS)
