"""Indexes that fit every public list: each equality filter, then newest first with id.

Built CONCURRENTLY (outside a transaction), so a live portal keeps publishing while they are
built; the new organisation index supersedes ``disclosure_org_idx`` (its prefix), which is
dropped after it exists.
"""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("catalog", "0004_counter"),
        ("disclosures", "0005_search_facets"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="disclosure",
            index=models.Index(
                fields=["organisation", "status", "published_at", "id"],
                name="disclosure_org_pub_idx",
            ),
        ),
        RemoveIndexConcurrently(model_name="disclosure", name="disclosure_org_idx"),
        AddIndexConcurrently(
            model_name="disclosure",
            index=models.Index(
                fields=["topic", "status", "published_at", "id"], name="disclosure_topic_pub_idx"
            ),
        ),
        AddIndexConcurrently(
            model_name="disclosure",
            index=models.Index(
                fields=["genre", "status", "published_at", "id"], name="disclosure_genre_pub_idx"
            ),
        ),
        AddIndexConcurrently(
            model_name="disclosure",
            index=models.Index(
                fields=["validity", "status", "published_at", "id"],
                name="disclosure_validity_pub_idx",
            ),
        ),
    ]
