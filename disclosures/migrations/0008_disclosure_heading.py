"""Disclosure.heading: the tokens of title, 文号 and 索引号, GIN-indexed, for the catalogue's
“标题或文号” filter (docs/search.md). Existing items are filled in id ranges, one UPDATE per
range from arrays, before the index is built once (about a minute at a million items)."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

BATCH = 20_000


def fill_headings(apps, schema_editor):
    from disclosures.search.text import heading_vector  # pure: the tokens as the model writes them

    connection = schema_editor.connection
    table = connection.ops.quote_name(apps.get_model("disclosures", "Disclosure")._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(id), max(id) FROM {table}")  # noqa: S608 - model metadata
        first, last = cursor.fetchone()
        if first is None:
            return
        for start in range(first, last + 1, BATCH):
            cursor.execute(
                f"SELECT id, title, document_number, index_number FROM {table} "  # noqa: S608
                "WHERE id >= %s AND id < %s",
                [start, start + BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                continue
            ids = [row[0] for row in rows]
            vectors = [heading_vector(title, number, index or "") for _, title, number, index in rows]
            cursor.execute(
                f"UPDATE {table} d SET heading = v.h::tsvector "  # noqa: S608
                "FROM unnest(%s::bigint[], %s::text[]) AS v(id, h) WHERE d.id = v.id",
                [ids, vectors],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_counter"),
        ("disclosures", "0007_column_listing"),
    ]

    operations = [
        migrations.AddField(
            model_name="disclosure",
            name="heading",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True
            ),
        ),
        migrations.RunPython(fill_headings, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="disclosure",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["heading"], name="disclosure_heading_gin"
            ),
        ),
    ]
