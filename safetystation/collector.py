"""Python's cyclic garbage collector, paused for work that makes many objects and no cycles.

The collector walks every object the program holds whenever enough new ones have been made: with the
tables, mappers and openpyxl loaded that is 150,000 objects and ~0.1 s a full walk. Work that builds
many objects (an import's cells, the county's figures of 28 townships, pinyin's dictionaries) would
set it off again and again for nothing: what it makes is freed by reference counting as usual.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


@contextmanager
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """The collector off meanwhile (it stays off if it was); on again after. ``freeze``: what exists
    then is set apart before it runs again (``gc.freeze``: never walked or collected again), for what
    lives as long as the program (the window's start-up)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if freeze:
                gc.freeze()
            gc.enable()


def gc_paused(f: F) -> F:
    """``f`` run with the collector paused (:func:`collector_paused`)."""

    @functools.wraps(f)
    def paused(*args: Any, **kwargs: Any) -> Any:
        with collector_paused():
            return f(*args, **kwargs)

    return paused  # type: ignore[return-value]
