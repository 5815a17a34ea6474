"""Load the statutory column tree, the gov.cn 主题分类 and the 2019–2026 holiday calendar.

Idempotent: columns and topics are upserted by key; calendar days are only added where the
date is missing, so days edited in admin are never overwritten.
"""

from django.db import migrations


def load(apps, schema_editor):
    from catalog.catalogue_tree import seed_reference_data
    from catalog.holiday_notices import NOTICES

    seed_reference_data(apps.get_model("catalog", "Category"),
                        apps.get_model("catalog", "TopicCategory"))
    calendar_day = apps.get_model("catalog", "CalendarDay")
    existing = set(calendar_day.objects.values_list("date", flat=True))
    rows = []
    for notice in NOTICES:
        for period in notice.periods:
            for day in period.rest_days:
                if day not in existing:
                    rows.append(calendar_day(date=day, kind="holiday", name=period.name,
                                             source=notice.number))
                    existing.add(day)
            for day in period.makeup_workdays:
                if day not in existing:
                    rows.append(calendar_day(date=day, kind="workday", name=period.name,
                                             source=notice.number))
                    existing.add(day)
    calendar_day.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_calendarday_organisation_disclosure_office_and_more")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
