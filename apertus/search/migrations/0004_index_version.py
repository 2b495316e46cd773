"""The version of the search index: one row, raised by every index write, that keys cached results."""

import time

from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("search", "SearchIndexVersion").objects.get_or_create(pk=1, defaults={"value": time.time_ns()})


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_goal_mask"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchIndexVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.PositiveBigIntegerField(default=0)),
            ],
            options={"verbose_name": "versión del índice de búsqueda"},
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop, elidable=False),
    ]
