"""Migration slot 0004_pitch_review (features fill their own slot, so parallel work never conflicts)."""

from django.db import migrations


class Migration(migrations.Migration):
    """0004_pitch_review."""

    dependencies = [("wikilearn", "0003_timezone_poll")]
    operations = []
