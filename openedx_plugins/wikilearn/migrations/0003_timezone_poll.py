"""Timezone poll tables: one availability row per learner per poll, and the chosen slot."""

from django.db import migrations, models


class Migration(migrations.Migration):
    """0003_timezone_poll."""

    dependencies = [("wikilearn", "0002_rubric")]
    operations = [
        migrations.CreateModel(
            name='Availability',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('course_key', models.CharField(max_length=255)),
                ('item_id', models.CharField(max_length=255)),
                ('anonymous_id', models.CharField(max_length=64)),
                ('username', models.CharField(blank=True, help_text='Shown to course staff only.', max_length=150)),
                ('time_zone', models.CharField(help_text='IANA zone the grid is painted in.', max_length=64)),
                ('grid', models.CharField(help_text='7 x 48 half-hour marks: 2 available, 1 if need be, 0 empty.', max_length=336)),
                ('hours_start', models.PositiveSmallIntegerField(help_text='Acceptable hours start, minutes after local midnight.')),
                ('hours_end', models.PositiveSmallIntegerField(help_text='Acceptable hours end, minutes after local midnight.')),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('updated', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name_plural': 'availabilities',
                'indexes': [models.Index(fields=['course_key', 'item_id'], name='wl_availability_poll')],
                'constraints': [models.UniqueConstraint(fields=('course_key', 'item_id', 'anonymous_id'), name='wl_availability_once')],
            },
        ),
        migrations.CreateModel(
            name='ChosenSlot',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('course_key', models.CharField(max_length=255)),
                ('item_id', models.CharField(max_length=255)),
                ('weekday', models.PositiveSmallIntegerField(help_text='UTC weekday, 0 = Monday.')),
                ('start_minute', models.PositiveSmallIntegerField(help_text='UTC start, minutes after midnight.')),
                ('length_minutes', models.PositiveSmallIntegerField()),
                ('first_date', models.DateField()),
                ('last_date', models.DateField()),
                ('chosen_by', models.CharField(blank=True, max_length=150)),
                ('chosen_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('course_key', 'item_id'), name='wl_chosen_slot_once')],
            },
        ),
    ]
