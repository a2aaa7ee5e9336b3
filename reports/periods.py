"""Reporting periods: calendar quarters or a custom range of whole days."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    @property
    def key(self) -> str:
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def quarter(self) -> int | None:
        """The quarter number when the period is exactly one calendar quarter."""
        quarter = quarter_of(self.start)
        return (self.start.month - 1) // 3 + 1 if quarter == self else None

    def label(self) -> str:
        if self.quarter:
            return _("Q%(quarter)s %(year)s") % {"quarter": self.quarter, "year": self.start.year}
        return f"{self.start:%d-%m-%Y} \u2013 {self.end:%d-%m-%Y}"

    def name(self) -> str:
        """The period as a person names it: "4e kwartaal 2026", or two dates."""
        if self.quarter:
            return _("Quarter %(quarter)s %(year)s") % {
                "quarter": self.quarter,
                "year": self.start.year,
            }
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) and (
            self.start.year == self.end.year
        ):
            return _("Year %(year)s") % {"year": self.start.year}
        return f"{dateformat.format(self.start, 'j F Y')} \u2013 {dateformat.format(self.end, 'j F Y')}"

    def previous_name(self) -> str:
        """How the period before is called in a sentence ("than the previous quarter")."""
        return _("the previous quarter") if self.quarter else _("the previous period")

    def has_ended(self, today: datetime.date | None = None) -> bool:
        return self.end < (today or timezone.localdate())

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Aware datetimes [start, end) in the project's time zone."""
        zone = timezone.get_default_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone)
        end = datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
        )
        return start, end

    def previous(self) -> Period:
        """The quarter before a quarter; otherwise the equally long period just before."""
        if self.quarter:
            return quarter_of(self.start - datetime.timedelta(days=1))
        end = self.start - datetime.timedelta(days=1)
        return Period(end - datetime.timedelta(days=self.days - 1), end)

    def as_dict(self) -> dict[str, str]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "label": self.label(),
            "name": self.name(),
        }

    @classmethod
    def from_key(cls, key: str) -> Period | None:
        """The period of a ``key``; None for anything malformed."""
        try:
            start, end = (datetime.date.fromisoformat(part) for part in key.split("_"))
        except ValueError:
            return None
        return cls(start, end)


def quarter_of(day: datetime.date) -> Period:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = datetime.date(day.year, first_month, 1)
    if first_month == 10:
        next_start = datetime.date(day.year + 1, 1, 1)
    else:
        next_start = datetime.date(day.year, first_month + 3, 1)
    return Period(start, next_start - datetime.timedelta(days=1))


def quarters_ending(period: Period, count: int = 4) -> list[Period]:
    """The quarter that holds the period's last day and the ``count - 1`` before it."""
    quarters = [quarter_of(period.end)]
    while len(quarters) < count:
        quarters.insert(0, quarters[0].previous())
    return quarters


def recent_quarters(today: datetime.date, count: int = 8) -> list[Period]:
    """Quarters to choose from, newest first: the running one and those before it."""
    quarters = quarters_ending(Period(today, today), count)
    return list(reversed(quarters))
