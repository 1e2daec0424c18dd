"""Migration 0008_rubric_queue_counts: the rubric staff queue's totals per block and state, kept
beside the attempts (see ``api/rubric_counts.py``), backfilled here from the existing attempts."""

from django.db import migrations, models


def backfill(apps, schema_editor):
    """Count every block's latest attempts per state (the same recount operators run)."""
    from openedx_plugins.wikilearn.api.rubric_counts import backfill as write_counts  # noqa: PLC0415 - apps ready

    write_counts(apps.get_model("wikilearn", "RubricSubmission"), apps.get_model("wikilearn", "RubricQueueCount"))


class Migration(migrations.Migration):
    """0008_rubric_queue_counts."""

    dependencies = [
        ('wikilearn', '0007_poll_aggregate'),
    ]

    operations = [
        migrations.CreateModel(
            name='RubricQueueCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('course_key', models.CharField(max_length=255)),
                ('item_id', models.CharField(max_length=255)),
                ('queue_state', models.PositiveSmallIntegerField(choices=[(0, 'waiting'), (1, 'resubmitted'), (2, 'graded')])),
                ('learners', models.IntegerField(default=0)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('course_key', 'item_id', 'queue_state'), name='wl_rubric_one_count_per_state')],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
