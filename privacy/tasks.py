from __future__ import annotations

from celery import shared_task

from . import audit_chain, services


@shared_task(name="privacy.seal_audit_log")
def audit_log_seal() -> int:
    return audit_chain.seal()


@shared_task(name="privacy.destroy_expired")
def destroy_expired() -> int:
    return len(services.destroy_expired())
