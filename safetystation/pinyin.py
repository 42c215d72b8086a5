"""Chinese text in pinyin order (issue #20 §7): 北 (bei), 东 (dong), 庙 (miao), 南 (nan) — not in code
point order (东 4E1C, 北 5317, 南 5357, 庙 5E99).

The order
---------
A text is compared character by character, as a Chinese dictionary orders its entries:

* Han characters by their pinyin syllable (ü as v), then its tone (1–4, 5 for the neutral tone), then
  the character itself, so every name starting with 王 stays together before those starting with
  汪 (wāng < wáng is not interleaved by the second character). The reading comes from pypinyin's
  ``lazy_pinyin`` (MIT, phrases included, so 重庆 is chóng, 银行 is háng; no heteronyms);
* whitespace is skipped; other symbols and punctuation come first, then numbers by value
  (2号 before 10号), then Latin (and other) letters ignoring case, then Han characters, then the
  rare Han characters pypinyin has no reading for — the grouping ICU's Chinese collation uses;
* full-width letters and digits count as their ASCII forms (NFKC); only the first ``PREFIX``
  characters are looked at (ties past them, and exact ties, fall to the text's own code points).

:func:`sort_key` gives this order to Python's ``sorted``; :func:`pinyin_key` is the same key as one
string whose plain (binary) comparison is the order, which is what SQL sorts on.

In SQL
------
:func:`register` adds the deterministic SQL function ``pinyin_key(text)`` to an SQLite connection
(``storage.db.make_engine`` does it for every connection, the read-only ones included), and the
services sort a text column with :class:`PinyinKey` (``ORDER BY pinyin_key(name), name, id``), so a
ledger is paged and filtered in SQL as before: SQLite calls the key once per row of the query (an
``lru_cache`` keeps the keys), and compares the keys in C.

Measured (2 cores, Python 3.11, SQLite 3.40) through ``LedgerService`` on 10,000 enterprise names:
the first page ~1 s once per session (pypinyin reads every name, ~0.1 ms each; the keys are then
cached), later a 200-row page 25–55 ms, the middle page 55–110 ms, the whole ledger in order
(export, print) ~0.4 s; ``sorted`` in Python ~45 ms. On 100,000 names a later page takes
0.3–1 s, as long as sorting them by an unindexed number does (SQLite's sorter, not the key, costs
there). pypinyin is imported on the first Chinese text to sort, never at start-up: ~0.2 s and
~55 MB (its phrase dictionary) in the window.

On PostgreSQL
-------------
PostgreSQL cannot call this Python function. The port is one compile rule for :class:`PinyinKey`
(below), which is why the services never write ``func.pinyin_key`` themselves::

    @compiles(PinyinKey, "postgresql")
    def _pg(element, compiler, **kw):
        (arg,) = element.clauses
        return f'{compiler.process(arg, **kw)} COLLATE "pinyin"'

with a migration (0010) creating that ICU collation (numbers by value as here; ``zh`` orders Han
characters by pinyin, but before Latin letters unless reordered with ``kr``)::

    CREATE COLLATION IF NOT EXISTS pinyin (provider = icu, locale = 'zh-u-kn-true-kr-latn-hani');

(the predefined ``"zh-x-icu"`` collation works too, without numbers by value). An index on
``(name COLLATE pinyin)`` then serves a register's default order. ICU differs from this module only
in details: characters of one reading are ordered by ICU's own table instead of by code point, and a
polyphone has one fixed place in ICU's table whatever the word, where pypinyin reads it in its
phrase (重庆 chóng, 重量 zhòng) — tests comparing both databases should avoid polyphones. Where that
matters, the alternative is a stored key column per sorted text column, filled with
:func:`pinyin_key` when a record is written (the same order on both databases, at the cost of a
migration). PostgreSQL sorts NULL last in ascending order, SQLite first: the port should add
``nulls_first()`` to ascending terms to keep SQLite's order.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import unicodedata
from typing import Any

from sqlalchemy import Text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

from safetystation.collector import collector_paused

PREFIX = 32  # characters of a text that decide its place (a 备注 of 30,000 characters is sorted by its start)
SQL_FUNCTION = "pinyin_key"

# Groups, in order; each is the first character of a token's part of the key. None is "\x00": a key
# is stored by SQLite as text, and a NUL in it would be a trap for any tool reading it.
_SYMBOL, _NUMBER, _LETTER, _HAN, _HAN_UNREAD = "\x02", "\x03", "\x04", "\x05", "\x06"

_TOKEN = re.compile(
    r"(?P<han>[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+)"
    r"|(?P<number>\d+)|(?P<space>\s+)|(?P<other>.)",
    re.DOTALL,
)
_TONE_MARKS = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}
_SYLLABLE = re.compile(r"[a-z]+[1-5]")


@functools.cache
def _readings() -> Any:
    """pypinyin's ``lazy_pinyin`` with tone marks (its fastest style), imported on first use.

    The import builds its dictionaries (~300,000 objects); with the window's objects around, the
    cyclic garbage collector running over and over during that made it take 0.6 s instead of 0.2 s."""
    with collector_paused():
        from pypinyin import Style, lazy_pinyin

        read = functools.partial(lazy_pinyin, style=Style.TONE)
        read("重庆")  # the phrase segmenter's tables are built on the first call
    return read


def preload() -> None:
    """Load pypinyin now (0.2 s; e.g. on a worker thread while the window shows its home page) rather
    than when the first ledger sorted or filtered by a Chinese name opens."""
    _readings()


def loaded() -> bool:
    """Whether pypinyin is loaded (by :func:`preload` or a first key): :func:`sort_key` then costs its
    text, not the 0.15–0.2 s of the import (a page can put that after its first paint)."""
    return _readings.cache_info().currsize > 0


@functools.lru_cache(maxsize=4096)
def _syllable(marked: str) -> str | None:
    """``zhōng`` → ``zhong1``, ``lǜ`` → ``lv4``, ``de`` → ``de5``; None for what is not a syllable
    (pypinyin returns a character it cannot read as itself)."""
    tone = "5"
    base: list[str] = []
    for ch in unicodedata.normalize("NFD", marked.lower()):
        if ch in _TONE_MARKS:
            tone = _TONE_MARKS[ch]
        elif ch == "\u0308":  # ü
            if base and base[-1] == "u":
                base[-1] = "v"
        elif not unicodedata.combining(ch):
            base.append(ch)
    syllable = "".join(base) + tone
    return syllable if _SYLLABLE.fullmatch(syllable) else None


def _han(run: str) -> str:
    readings = _readings()(run)
    if len(readings) != len(run):  # characters without a reading came back as one item: read one by one
        readings = [(r or [ch])[0] for ch, r in zip(run, map(_readings(), run), strict=True)]
    out = []
    for ch, reading in zip(run, readings, strict=True):
        syllable = _syllable(reading)
        out.append(f"{_HAN}{syllable}{ch}" if syllable else f"{_HAN_UNREAD}{ch}")
    return "".join(out)


@functools.lru_cache(maxsize=1 << 17)  # a 100,000-row ledger fits: its later pages need no pypinyin
def _key(prefix: str) -> str:
    out = []
    for m in _TOKEN.finditer(unicodedata.normalize("NFKC", prefix)):
        kind, token = m.lastgroup, m.group()
        if kind == "han":
            out.append(_han(token))
        elif kind == "number":
            value = str(int(token))  # any script's digits; leading zeros do not count
            out.append(f"{_NUMBER}{chr(0x20 + len(value))}{value}")  # the length first: 2 < 10
        elif kind == "space":
            continue
        elif token.isalpha():
            out.append(_LETTER + token.casefold())
        else:
            out.append(_SYMBOL + token)
    return "".join(out)


def pinyin_key(text: Any) -> str | None:
    """The text's place in pinyin order as a string compared by code point (binary in SQL). Ties
    (the same first ``PREFIX`` characters, case, full-width forms, leading zeros) are left to the
    caller: SQL sorts on the column itself next, :func:`sort_key` on the text. None stays None."""
    if text is None:
        return None
    if not isinstance(text, str):  # SQLite columns take any type; a number typed into a text column
        text = str(text)
    return _key(text[:PREFIX])


def sort_key(text: str | None) -> tuple[str, str]:
    """For ``sorted(names, key=sort_key)``: the order of SQL's ``ORDER BY pinyin_key(x), x``."""
    text = text or ""
    return pinyin_key(text) or "", text


def _sql_pinyin_key(value: Any) -> str | None:
    try:
        return pinyin_key(value)
    except Exception:  # an exception inside SQLite aborts the whole query; a text that cannot be read sorts as itself
        return None if value is None else str(value)


def register(connection: sqlite3.Connection) -> None:
    """Give an SQLite connection the ``pinyin_key`` function (cheap: pypinyin loads on first use)."""
    connection.create_function(SQL_FUNCTION, 1, _sql_pinyin_key, deterministic=True)


class PinyinKey(GenericFunction[str]):
    """``pinyin_key(x)`` in a query: sort on it (then on ``x`` itself) for pinyin order. On SQLite it
    is the function :func:`register` adds; on PostgreSQL ``x COLLATE pinyin`` (migration 0010)."""

    type = Text()
    name = SQL_FUNCTION
    inherit_cache = True


@compiles(PinyinKey, "postgresql")
def _pinyin_on_postgresql(element: PinyinKey, compiler: Any, **kw: Any) -> str:
    (arg,) = element.clauses
    return f'({compiler.process(arg, **kw)}) COLLATE "pinyin"'
