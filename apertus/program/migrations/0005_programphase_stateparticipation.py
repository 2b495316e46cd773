# program.Phase and program.Participation are renamed (their rows, history and foreign keys kept):
# participation.Phase and the participation app had the same names for other things.

from django.db import migrations


class Migration(migrations.Migration):

    # Every migration that points a foreign key at the old names runs first, or it would not find them.
    dependencies = [
        ('program', '0004_fellowprofile_moderation'),
        ('accounts', '0002_initial'),
        ('advice', '0001_initial'),
        ('calls', '0001_initial'),
        ('forums', '0001_initial'),
        ('learning', '0001_initial'),
        ('results', '0001_initial'),
        ('search', '0001_index'),
        ('surveys', '0001_initial'),
        ('teams', '0001_initial'),
    ]

    operations = [
        migrations.RenameModel(
            old_name='Phase',
            new_name='ProgramPhase',
        ),
        migrations.RenameModel(
            old_name='Participation',
            new_name='StateParticipation',
        ),
        migrations.RenameModel(
            old_name='HistoricalPhase',
            new_name='HistoricalProgramPhase',
        ),
        migrations.RenameModel(
            old_name='HistoricalParticipation',
            new_name='HistoricalStateParticipation',
        ),
    ]
