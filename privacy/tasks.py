from __future__ import annotations

from celery import shared_task

from . import audit_chain


@shared_task(name="privacy.seal_audit_log")
def audit_log_seal() -> int:
    return audit_chain.seal()
