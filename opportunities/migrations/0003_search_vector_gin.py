"""The GIN index on the stored search vector, and the vectors of existing rows.

PostgreSQL only: on SQLite the column stays empty and search falls back to
icontains (opportunities/search.py), so this migration does nothing there.
The index is created here rather than in Meta.indexes so that SQLite never
sees "USING gin".
"""

from django.db import migrations

INDEX = "opportunity_search_vector_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON opportunities_opportunity "
        "USING gin (search_vector)"
    )
    schema_editor.execute(
        """
        UPDATE opportunities_opportunity AS o SET search_vector =
            setweight(to_tsvector('english', coalesce(o.title, '')), 'A')
            || setweight(to_tsvector('english', coalesce((
                SELECT string_agg(k.name, ' ')
                FROM opportunities_opportunity_keywords ok
                JOIN portal_keyword k ON k.id = ok.keyword_id
                WHERE ok.opportunity_id = o.id), '')), 'A')
            || setweight(to_tsvector('english', coalesce(o.summary, '')), 'B')
            || setweight(to_tsvector('english', coalesce(o.description, '')), 'C')
        """
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0002_lifecycle_interests_search"),
        ("portal", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
