"""Migration slot 0004_pitch_review: pitches, versions, review assignments, allocation runs."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """0004_pitch_review."""

    dependencies = [("wikilearn", "0003_timezone_poll")]
    operations = [
        migrations.CreateModel(
            name='Pitch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('course_key', models.CharField(max_length=255)),
                ('item_id', models.CharField(max_length=255)),
                ('presenter', models.CharField(help_text='Anonymous user id of the presenter.', max_length=32)),
                ('username', models.CharField(blank=True, default='', max_length=150)),
                ('versions_count', models.PositiveIntegerField(default=0)),
                ('partner', models.CharField(blank=True, default='', help_text="Latest version's partner.", max_length=200)),
                ('submitted_at', models.DateTimeField(default=django.utils.timezone.now, help_text='When the latest version was sent.')),
                ('withdrawn', models.BooleanField(default=False)),
                ('slot', models.DateTimeField(blank=True, help_text='Presentation slot of the group (UTC).', null=True)),
                ('grade_level', models.CharField(blank=True, default='', max_length=64)),
                ('grade_points', models.IntegerField(blank=True, null=True)),
                ('grade_max', models.IntegerField(blank=True, null=True)),
                ('grade_comment', models.TextField(blank=True, default='')),
                ('graded_by', models.CharField(blank=True, default='', max_length=150)),
                ('graded_at', models.DateTimeField(blank=True, null=True)),
                ('released_at', models.DateTimeField(blank=True, null=True)),
                ('version', models.PositiveIntegerField(default=0, help_text='Bumped by every grade or release (409 on races).')),
            ],
            options={
                'indexes': [models.Index(fields=['course_key', 'item_id', 'username'], name='wl_pitch_username')],
                'constraints': [models.UniqueConstraint(fields=('course_key', 'item_id', 'presenter'), name='wl_pitch_one_per_presenter')],
            },
        ),
        migrations.CreateModel(
            name='PitchAllocation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('course_key', models.CharField(max_length=255)),
                ('item_id', models.CharField(max_length=255)),
                ('mode', models.CharField(choices=[('auto', 'auto'), ('manual', 'manual'), ('instructor_only', 'instructor_only')], default='auto', max_length=16)),
                ('seed', models.BigIntegerField(default=0)),
                ('allocated_by', models.CharField(blank=True, default='', max_length=150)),
                ('allocated_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('course_key', 'item_id'), name='wl_pitch_one_allocation')],
            },
        ),
        migrations.CreateModel(
            name='PitchVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('partner', models.CharField(max_length=200)),
                ('ask', models.TextField()),
                ('links', models.JSONField(blank=True, default=list)),
                ('files', models.JSONField(blank=True, default=list)),
                ('submitted_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('pitch', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='wikilearn.pitch')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('pitch', 'number'), name='wl_pitch_one_row_per_version')],
            },
        ),
        migrations.CreateModel(
            name='ReviewAssignment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('course_key', models.CharField(max_length=255)),
                ('item_id', models.CharField(max_length=255)),
                ('reviewer', models.CharField(help_text='Anonymous user id of the reviewer.', max_length=32)),
                ('reviewer_username', models.CharField(blank=True, default='', max_length=150)),
                ('role', models.CharField(choices=[('peer', 'peer'), ('instructor', 'instructor')], default='peer', max_length=16)),
                ('active', models.BooleanField(default=True, help_text='Off once a pending review was moved or removed.')),
                ('assigned_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('closed_at', models.DateTimeField(blank=True, null=True)),
                ('decision', models.CharField(blank=True, default='', max_length=32)),
                ('convinced', models.TextField(blank=True, default='')),
                ('concerns', models.TextField(blank=True, default='')),
                ('questions', models.TextField(blank=True, default='')),
                ('phase_one_at', models.DateTimeField(blank=True, null=True)),
                ('rubric', models.JSONField(blank=True, help_text='Criteria and scale phase two was made against.', null=True)),
                ('levels', models.JSONField(blank=True, default=dict)),
                ('comments', models.JSONField(blank=True, default=dict)),
                ('overall', models.TextField(blank=True, default='')),
                ('phase_two_at', models.DateTimeField(blank=True, null=True)),
                ('pitch', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='wikilearn.pitch')),
            ],
            options={
                'indexes': [models.Index(fields=['course_key', 'item_id', 'active', 'reviewer'], name='wl_pitch_review_load'), models.Index(fields=['pitch', 'active'], name='wl_pitch_review_pitch')],
            },
        ),
    ]
