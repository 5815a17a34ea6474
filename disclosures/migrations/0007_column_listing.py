"""The column listing: one row per listed item and column it appears under (docs/lists.md).

The rows of the items already published are written by one INSERT … SELECT. The schema editor
creates the table's indexes and foreign keys only at the end of the migration, after the
back-fill, so a million items are filled and indexed in one pass each (measured in
docs/lists.md). The SQL is written out here, not imported from disclosures.listing, so this
migration keeps doing what it did when that module changes.
"""

import django.db.models.deletion
from django.db import migrations, models

BACKFILL = """
INSERT INTO disclosures_columnlisting
    (column_id, disclosure_id, published_at, organisation_id, genre)
SELECT DISTINCT c.id, d.id, d.published_at, d.organisation_id, d.genre
FROM disclosures_disclosure d
JOIN disclosures_disclosure_categories dc ON dc.disclosure_id = d.id
JOIN catalog_category cat ON cat.id = dc.category_id
CROSS JOIN LATERAL (VALUES (cat.id), (cat.parent_id)) AS c(id)
WHERE c.id IS NOT NULL AND d.status = 'published' AND d.published_at IS NOT NULL
ORDER BY d.id, c.id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_counter"),
        ("disclosures", "0006_list_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="ColumnListing",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "disclosure",
                        "column",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("genre", models.CharField(max_length=20)),
                ("published_at", models.DateTimeField()),
                (
                    "column",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="catalog.category",
                    ),
                ),
                (
                    "disclosure",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="listings",
                        to="disclosures.disclosure",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="catalog.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "栏目列表条目",
                "verbose_name_plural": "栏目列表条目",
                "indexes": [
                    models.Index(
                        fields=["column", "published_at", "disclosure"],
                        name="listing_column_date_idx",
                    ),
                    models.Index(
                        fields=["column", "organisation", "published_at", "disclosure"],
                        name="listing_column_org_date_idx",
                    ),
                    models.Index(
                        fields=["column", "genre", "published_at", "disclosure"],
                        name="listing_column_genre_date_idx",
                    ),
                ],
            },
        ),
        migrations.RunSQL(
            [BACKFILL, "ANALYZE disclosures_columnlisting"], reverse_sql=migrations.RunSQL.noop
        ),
    ]
