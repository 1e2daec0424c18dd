"""Migration 0007_poll_aggregate: the timezone poll's results as counters kept up to date by each save."""

from django.db import migrations, models


class Migration(migrations.Migration):
    """0007_poll_aggregate."""

    dependencies = [
        ('wikilearn', '0006_course_inbox_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='PollAggregate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('course_key', models.CharField(max_length=255)),
                ('item_id', models.CharField(max_length=255)),
                ('version', models.CharField(blank=True, help_text='Settings the counters were computed for.', max_length=64)),
                ('respondents', models.PositiveIntegerField(default=0)),
                ('counts', models.BinaryField(default=b'', help_text='int32 counters, see tally.Tally.dump.')),
                ('updated', models.DateTimeField(auto_now=True)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('course_key', 'item_id'), name='wl_poll_aggregate_once')],
            },
        ),
    ]
