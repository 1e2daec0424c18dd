"""Migration slot 0006_course_inbox_index: the course inbox reads a block's waiting reviews in index order."""

from django.db import migrations, models


class Migration(migrations.Migration):
    """0006_course_inbox_index."""

    dependencies = [
        ('wikilearn', '0005_showcase_consent'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='reviewassignment',
            index=models.Index(fields=['course_key', 'item_id', 'active', 'phase_two_at', 'assigned_at'], name='wl_pitch_review_waiting'),
        ),
    ]
