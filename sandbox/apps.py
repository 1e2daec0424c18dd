"""The sandbox's own app: demo users' preferences, anonymous ids and published events."""

from django.apps import AppConfig


class SandboxConfig(AppConfig):
    """Demo-site models, templates and management commands."""

    name = "sandbox"
    default_auto_field = "django.db.models.BigAutoField"
