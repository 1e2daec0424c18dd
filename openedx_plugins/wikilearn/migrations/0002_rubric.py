"""Migration slot 0002_rubric (features fill their own slot, so parallel work never conflicts)."""

from django.db import migrations


class Migration(migrations.Migration):
    """0002_rubric."""

    dependencies = [("wikilearn", "0001_initial")]
    operations = []
