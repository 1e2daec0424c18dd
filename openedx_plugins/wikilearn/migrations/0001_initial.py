"""Migration slot 0001_initial (features fill their own slot, so parallel work never conflicts)."""

from django.db import migrations


class Migration(migrations.Migration):
    """0001_initial."""

    dependencies = []
    operations = []
