from django.db import migrations

# PostgreSQL with RUM: GIN over the tsvectors without their positions (``strip``), for
# queries without phrases — which rows hold every token. RUM's posting lists carry every
# position (for its ranking), which makes them several times longer to read, and a table
# walk unpacks each row's tsvector. Counting the hits of a term in 40 % of 60,000 reports
# took 4–10 ms through this index, against 31–105 ms walking the table (docs/performance.md).
# Without RUM the one index is GIN already. Entries go straight into the index on every save
# (no pending list, which every search would have to read through).
CREATE = (
    "CREATE INDEX IF NOT EXISTS search_text_tsv_members ON search_searchtext "
    "USING gin (strip(tsv)) WITH (fastupdate = off)"
)


def _uses_rum(cursor) -> bool:
    cursor.execute(
        "SELECT a.amname FROM pg_class c JOIN pg_am a ON a.oid = c.relam "
        "WHERE c.relname = 'search_text_tsv'"
    )
    row = cursor.fetchone()
    return bool(row) and row[0] == "rum"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        if _uses_rum(cursor):
            cursor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_text_tsv_members")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_restricted_kind"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
