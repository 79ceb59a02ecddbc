"""GIN index on the stored search vector, and vectors for existing assets (PostgreSQL only).

SQLite keeps the column (unused there) and gets neither: its search is a fallback.
"""

from django.db import migrations

INDEX = "assets_asset_search_gin"

# Frozen copy of assets.search.search_vector_expression() as SQL.
FILL = """
UPDATE assets_asset AS a SET search_vector =
    setweight(to_tsvector('english', coalesce(a.name, '')), 'A')
    || setweight(to_tsvector('english', coalesce((
        SELECT string_agg(k.name, ' ') FROM portal_keyword k
        JOIN assets_asset_capabilities c ON c.keyword_id = k.id
        WHERE c.asset_id = a.id), '')), 'B')
    || setweight(to_tsvector('english', coalesce(a.summary, '')), 'C')
    || setweight(to_tsvector('english', coalesce(a.description, '')), 'D')
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON assets_asset USING gin (search_vector)"
    )
    schema_editor.execute(FILL)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("assets", "0003_search_vector_and_enquiries")]
    operations = [migrations.RunPython(create, drop)]
