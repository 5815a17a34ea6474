"""The admin home's reminder that next year's holiday notice has not been entered."""

from __future__ import annotations

from django import template
from django.utils import timezone

from catalog.models import HolidayArrangement

register = template.Library()


@register.simple_tag
def missing_holiday_arrangement() -> int | None:
    """Next year when its notice is due (from 1 November) and not yet entered, else None."""
    return HolidayArrangement.objects.missing_next_year(today=timezone.localdate())
