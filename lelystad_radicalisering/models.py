"""Shared models: reference numbers for signals and cases."""

from __future__ import annotations

from django.db import models, transaction
from django.utils import timezone


class ReferenceCounter(models.Model):
    """The last number handed out per prefix and year (S-2026-0042, C-2026-0007)."""

    prefix = models.CharField(max_length=4)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="unique_reference_counter")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_number}"


def reference_next(*, prefix: str) -> str:
    """Hand out the next reference. Must run inside the caller's transaction: the
    row lock serialises concurrent submissions, and a rolled-back submission
    gives its number back."""
    assert transaction.get_connection().in_atomic_block, "reference_next needs a transaction"
    year = timezone.localdate().year
    # INSERT .. ON CONFLICT DO NOTHING: two first submissions of a year cannot collide.
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(prefix=prefix, year=year)], ignore_conflicts=True
    )
    counter = ReferenceCounter.objects.select_for_update().get(prefix=prefix, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{prefix}-{year}-{counter.last_number:04d}"
