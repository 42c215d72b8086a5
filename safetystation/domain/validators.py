"""Single-value checks used by ledger columns; each returns a Chinese message or None."""

from __future__ import annotations

import re
from typing import Any

# GB 32100-2015 统一社会信用代码: 18 characters from this 31-letter alphabet (no I, O, S, V, Z).
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_VALUE = {ch: i for i, ch in enumerate(_CREDIT_ALPHABET)}


# position by position: character → its value × the position's weight
_CREDIT_TERMS = tuple({ch: v * w for ch, v in _CREDIT_VALUE.items()} for w in _CREDIT_WEIGHTS)


def _check_char(code: str) -> str:
    """The check character for the first 17 characters of ``code``; KeyError for a character
    outside the alphabet."""
    return _CREDIT_ALPHABET[-sum(map(dict.__getitem__, _CREDIT_TERMS, code)) % 31]


def credit_code_check_char(first17: str) -> str:
    """The check character (18th) for the first 17 characters of a credit code."""
    if len(first17) != 17:
        raise ValueError(f"need the first 17 characters, got {len(first17)}")
    return _check_char(first17)


def check_credit_code(value: Any) -> str | None:
    code = str(value)
    if len(code) != 18:
        return f"统一社会信用代码应为18位，实际为{len(code)}位"
    try:
        expected = _check_char(code)
    except KeyError:
        expected = ""
    if not expected or code[17] not in _CREDIT_VALUE:
        bad = sorted({ch for ch in code if ch not in _CREDIT_VALUE})
        return f"统一社会信用代码含有不允许的字符：{''.join(bad)}"
    if code[17] != expected:
        return f"统一社会信用代码校验位错误（第18位应为{expected}）"
    return None


_PHONE = re.compile(r"^[0-9\-+() ]{5,20}$")


def check_phone(value: Any) -> str | None:
    if not _PHONE.match(str(value)):
        return "联系电话只能包含数字、空格和 - + ( )"
    return None


NOTICE_PATTERN_DEFAULT = "{简称}安监责改〔{年}〕第{号}号"


def format_notice_number(pattern: str | None, short: str | None, year: int, seq: int) -> str:
    """A notice's 文号 from the station's pattern (default: 青石安监责改〔2026〕第7号)."""
    text = pattern or NOTICE_PATTERN_DEFAULT
    return text.replace("{简称}", short or "").replace("{年}", str(year)).replace("{号}", str(seq))


def check_notice_pattern(value: Any) -> str | None:
    text = str(value)
    if "{号}" not in text:
        return "文号格式须含 {号}（序号）"
    if "{年}" not in text:
        return "文号格式须含 {年}（年份），否则每年的文号会重复"
    return None
