"""Creating a record the way its ledger's rules want it, for the form and any other generic caller.

A ledger whose records a workflow creates (``LedgerSpec.workflow``) has its own entry point here
(a hazard is registered by the hazard workflow: number, 登记 step); the ledgers a workflow only
generates (a hazard's history, a plan's due dates) have none, so :func:`can_create` is False and
the window offers no 新增 for them. Every other ledger is created by ``LedgerService.create``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from safetystation.domain import get_spec
from safetystation.services.hazards import HazardService
from safetystation.services.ledger import LedgerService

_CREATORS: dict[str, Callable[[LedgerService, dict[str, Any], bool], int]] = {
    "hazard": lambda ledger, values, external: HazardService(ledger).register(values, external=external),
}


def can_create(key: str) -> bool:
    """Whether a record of ``key`` can be added by hand (a form, an import)."""
    return get_spec(key).workflow is None or key in _CREATORS


def create_record(ledger: LedgerService, key: str, values: dict[str, Any], *, external: bool = False) -> int:
    """Add one record of ``key`` through its workflow when it has one; returns its id. A ledger only
    a workflow generates refuses with the reason (``WorkflowError``)."""
    creator = _CREATORS.get(key)
    if creator is not None:
        return creator(ledger, values, external)
    return ledger.create(key, values, external=external)
