"""The sandbox's own app: demo users' preferences, anonymous ids and published events."""

from django.apps import AppConfig


class SandboxConfig(AppConfig):
    """Demo-site models, templates and management commands."""

    name = "sandbox"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Connect the gradebook to edx-submissions' score signals (as the LMS's grades app does)."""
        from sandbox import grades  # noqa: F401, PLC0415 - registers the signal receivers
