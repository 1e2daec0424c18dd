"""Migration slot 0005_showcase_consent: learners' consent to show an attempt to the cohort, staff's pick."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """0005_showcase_consent."""

    dependencies = [
        ('wikilearn', '0004_pitch_review'),
    ]

    operations = [
        migrations.CreateModel(
            name='ShowcaseConsent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('course_key', models.CharField(max_length=255)),
                ('item_id', models.CharField(max_length=255)),
                ('anonymous_user_id', models.CharField(max_length=32)),
                ('consented_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('showcased_at', models.DateTimeField(blank=True, help_text='Set when staff show it to the cohort.', null=True)),
                ('showcased_by', models.CharField(blank=True, default='', max_length=150)),
                ('submission', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='showcase', to='wikilearn.rubricsubmission')),
            ],
            options={
                'indexes': [models.Index(fields=['course_key', 'showcased_at'], name='wl_showcase_course'), models.Index(fields=['course_key', 'item_id', 'anonymous_user_id'], name='wl_showcase_learner')],
            },
        ),
    ]
