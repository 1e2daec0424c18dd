"""Migration slot 0003_timezone_poll (features fill their own slot, so parallel work never conflicts)."""

from django.db import migrations


class Migration(migrations.Migration):
    """0003_timezone_poll."""

    dependencies = [("wikilearn", "0002_rubric")]
    operations = []
