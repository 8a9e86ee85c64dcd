"""The database table of the cache "pages": public pages kept for visitors without login."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # createcachetable skips a table that already exists
    call_command("createcachetable", "nahwerk_page_cache", database=schema_editor.connection.alias)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name('nahwerk_page_cache')}")


class Migration(migrations.Migration):
    dependencies = [("nahwerk", "0001_shared_cache_table")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
