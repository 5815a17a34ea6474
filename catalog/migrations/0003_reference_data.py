"""Load the statutory column tree, the gov.cn 主题分类 and the 2019–2026 holiday calendar.

Idempotent: columns and topics are upserted by key; calendar days are only added where the
date is missing, so days edited in admin are never overwritten.
"""

from django.db import migrations


def load(apps, schema_editor):
    from catalog.catalogue_tree import seed_calendar, seed_reference_data

    seed_reference_data(apps.get_model("catalog", "Category"),
                        apps.get_model("catalog", "TopicCategory"))
    seed_calendar(apps.get_model("catalog", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_calendarday_organisation_disclosure_office_and_more")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
