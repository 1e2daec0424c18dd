"""Rubric block tables: submissions (one row per attempt), drafts, assessments."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """0002_rubric."""

    dependencies = [("wikilearn", "0001_initial")]
    operations = [
        migrations.CreateModel(
            name='RubricDraft',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('course_key', models.CharField(max_length=255)),
                ('item_id', models.CharField(max_length=255)),
                ('anonymous_user_id', models.CharField(max_length=32)),
                ('answer', models.TextField(blank=True, default='')),
                ('links', models.JSONField(blank=True, default=list)),
                ('attachments', models.JSONField(blank=True, default=list)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('course_key', 'item_id', 'anonymous_user_id'),
                                                        name='wl_rubric_one_draft')],
            },
        ),
        migrations.CreateModel(
            name='RubricSubmission',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('course_key', models.CharField(max_length=255)),
                ('item_id', models.CharField(max_length=255)),
                ('anonymous_user_id', models.CharField(max_length=32)),
                ('username', models.CharField(blank=True, default='', max_length=150)),
                ('attempt', models.PositiveIntegerField()),
                ('answer', models.TextField()),
                ('links', models.JSONField(blank=True, default=list)),
                ('attachments', models.JSONField(blank=True, default=list)),
                ('submitted_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('is_latest', models.BooleanField(default=True)),
                ('queue_state', models.PositiveSmallIntegerField(
                    choices=[(0, 'waiting'), (1, 'resubmitted'), (2, 'graded')], default=0)),
            ],
            options={
                'indexes': [
                    models.Index(fields=['course_key', 'item_id', 'is_latest', 'queue_state', 'submitted_at'],
                                 name='wl_rubric_queue'),
                    models.Index(fields=['course_key', 'item_id', 'username'], name='wl_rubric_username'),
                ],
                'constraints': [models.UniqueConstraint(
                    fields=('course_key', 'item_id', 'anonymous_user_id', 'attempt'),
                    name='wl_rubric_one_row_per_attempt')],
            },
        ),
        migrations.CreateModel(
            name='RubricAssessment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rubric', models.JSONField(
                    help_text='Snapshot of criteria, scale and passing rule when first assessed.')),
                ('levels', models.JSONField(blank=True, default=dict)),
                ('feedback', models.JSONField(blank=True, default=dict)),
                ('overall_feedback', models.TextField(blank=True, default='')),
                ('points', models.IntegerField(blank=True, null=True)),
                ('max_points', models.IntegerField(blank=True, null=True)),
                ('passed', models.BooleanField(default=False)),
                ('score_scale', models.JSONField(
                    blank=True, null=True,
                    help_text='Scale whose points the grade uses, when recomputed after a points change.')),
                ('status', models.CharField(choices=[('draft', 'draft'), ('released', 'released')], default='draft',
                                            max_length=16)),
                ('version', models.PositiveIntegerField(default=1)),
                ('assessor_username', models.CharField(blank=True, default='', max_length=150)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('released_at', models.DateTimeField(blank=True, null=True)),
                ('submission', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                                    related_name='assessment', to='wikilearn.rubricsubmission')),
            ],
        ),
    ]
