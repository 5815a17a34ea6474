"""Add the facet lexemes (organisation, year, 文种, 栏目, month) to every search vector.

``disclosures.search.index.facet_tokens`` writes them for new entries; this migration adds them
to the existing ones in SQL, with the GIN index dropped during the update and built once
afterwards (updating a million rows through the index would take far longer).
"""

import django.contrib.postgres.indexes
from django.db import migrations

FACETS = """
    ARRAY['@o' || organisation_id, '@y' || year, '@g' || genre,
          '@m' || to_char(published_at AT TIME ZONE 'UTC', 'YYYYMM')]
    || ARRAY(SELECT DISTINCT '@c' || c FROM unnest(columns) AS c)
"""

FORWARD = f"""
UPDATE disclosures_searchentry
SET vector = ts_delete(vector, {FACETS}) || array_to_tsvector({FACETS})
"""

BACKWARD = f"UPDATE disclosures_searchentry SET vector = ts_delete(vector, {FACETS})"


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0004_service_guide")]

    operations = [
        migrations.RemoveIndex(model_name="searchentry", name="search_vector_gin"),
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.AddIndex(
            model_name="searchentry",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["vector"], name="search_vector_gin"
            ),
        ),
    ]
