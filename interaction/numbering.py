"""The public numbers of 互动交流 records: a prefix, the day (yyyymmdd) and the day's four-digit
sequence (``XJ202612060001`` for a letter, ``DT…`` for a 点题 suggestion), gap-free under
parallel submissions."""

from __future__ import annotations

import zlib
from datetime import date

from django.db import connection, models
from django.db.models.functions import Length


def next_daily_number(model: type[models.Model], prefix: str, on: date) -> str:
    """The next number of ``model`` for day ``on``. Call inside the transaction that saves the
    record: a PostgreSQL advisory lock on the day's prefix is held until it commits, so two
    submissions of the same day cannot take the same number."""
    day_prefix = f"{prefix}{on:%Y%m%d}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(day_prefix.encode())])
    last = (
        model.objects.filter(number__startswith=day_prefix)
        .order_by(Length("number").desc(), "-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last[len(day_prefix) :]) + 1 if last else 1
    return f"{day_prefix}{seq:04d}"
