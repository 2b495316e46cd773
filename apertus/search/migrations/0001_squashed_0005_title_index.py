"""0001 to 0005 in one migration, for new databases: the index tables as they are now, then the same
full-text schema (0002), index version row (0004) and title indexes (0005) as those migrations, run by
their own functions, in that order, from one RunPython (each RunPython renders every model of the
migration state again, so one instead of three). 0003's copy of the goals into the mask has nothing to
copy on an empty index, and its SearchGoal table, created by 0001 and dropped by 0003, is never created."""

from importlib import import_module

import django.db.models.deletion
from django.db import migrations, models

from apertus.core.migration_operations import CreateModels

full_text = import_module("apertus.search.migrations.0002_full_text")
index_version = import_module("apertus.search.migrations.0004_index_version")
title_index = import_module("apertus.search.migrations.0005_title_index")


def forward(apps, schema_editor):
    full_text.forward(apps, schema_editor)
    index_version.create_row(apps, schema_editor)
    title_index.forward(apps, schema_editor)


def backward(apps, schema_editor):
    title_index.backward(apps, schema_editor)
    full_text.backward(apps, schema_editor)


class Migration(migrations.Migration):

    replaces = [
        ('search', '0001_index'),
        ('search', '0002_full_text'),
        ('search', '0003_goal_mask'),
        ('search', '0004_index_version'),
        ('search', '0005_title_index'),
    ]

    initial = True

    dependencies = [
        ('program', '0004_fellowprofile_moderation'),
        ('territories', '0001_initial'),
    ]

    operations = [
        CreateModels(
            operations=[
                migrations.CreateModel(
                    name='SearchWord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('word', models.CharField(max_length=60, unique=True)),
                        ('stem', models.CharField(db_index=True, max_length=60)),
                    ],
                ),
                migrations.CreateModel(
                    name='SearchDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(db_index=True, max_length=20, verbose_name='tipo')),
                        ('object_id', models.PositiveBigIntegerField(verbose_name='registro')),
                        ('title', models.CharField(max_length=300, verbose_name='título')),
                        ('title_en', models.CharField(blank=True, max_length=300, verbose_name='título (inglés)')),
                        ('body', models.TextField(blank=True, verbose_name='texto')),
                        ('body_en', models.TextField(blank=True, verbose_name='texto (inglés)')),
                        ('code', models.CharField(blank=True, db_index=True, max_length=20, verbose_name='clave')),
                        ('url', models.CharField(max_length=300, verbose_name='dirección')),
                        ('status', models.CharField(blank=True, db_index=True, max_length=30, verbose_name='estatus')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='actualizado')),
                        ('phase', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='program.phase', verbose_name='fase')),
                        ('state', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='territories.state', verbose_name='entidad')),
                        ('goal_mask', models.PositiveIntegerField(default=0, verbose_name='ODS (bits)')),
                    ],
                    options={
                        'verbose_name': 'documento de búsqueda',
                        'verbose_name_plural': 'documentos de búsqueda',
                        'constraints': [models.UniqueConstraint(fields=('kind', 'object_id'), name='search_document_unique_record')],
                    },
                ),
                migrations.CreateModel(
                    name='SearchIndexVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('value', models.PositiveBigIntegerField(default=0)),
                    ],
                    options={'verbose_name': 'versión del índice de búsqueda'},
                ),
            ],
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
