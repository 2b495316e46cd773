"""The goals of a document as bits on the document itself (one pass for the goal facet, no join)."""

from django.db import migrations, models


def copy_goals(apps, schema_editor):
    # Distinct powers of two add up to their bitwise OR, on every database.
    schema_editor.execute(
        "UPDATE search_searchdocument SET goal_mask = COALESCE((SELECT SUM(DISTINCT 1 << g.goal) "
        "FROM search_searchgoal g WHERE g.document_id = search_searchdocument.id), 0)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_full_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="goal_mask",
            field=models.PositiveIntegerField(default=0, verbose_name="ODS (bits)"),
        ),
        migrations.RunPython(copy_goals, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(
            name="SearchGoal",
        ),
    ]
