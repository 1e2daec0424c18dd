"""The database state ``/wikilearn/health`` reports: reachable, and the suite's migrations applied.

The suite's apps are the Django apps under ``openedx_plugins``. Which migrations exist on disk is
read once per process (it does not change while the process runs); which are applied is read from
Django's ``django_migrations`` table at every call, one query.
"""

import functools

from django.apps import apps
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


def suite_app_labels():
    """Labels of the suite's Django apps (``wikilearn``, ``wikilearn_recordings``)."""
    return sorted(config.label for config in apps.get_app_configs() if config.name.startswith("openedx_plugins."))


@functools.lru_cache(maxsize=1)
def _suite_migrations_on_disk():
    """``{(app label, migration name): replaced keys}`` of the suite's migrations on disk."""
    labels = set(suite_app_labels())
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {key: tuple(migration.replaces or ()) for key, migration in loader.disk_migrations.items()
            if key[0] in labels}


def _applied(key, replaces, applied):
    # A squashed migration counts as applied once everything it replaces is (Django's own rule, in
    # MigrationLoader.build_graph), and a replaced one once its squash is.
    if key in applied or (replaces and all(old in applied for old in replaces)):
        return True
    return any(key in olds and new in applied for new, olds in _suite_migrations_on_disk().items())


def database_state():
    """``{"vendor", "reachable", "migrations": {"applied", "pending"}}``, or with ``reachable`` False
    and ``error`` (the exception's class name) when the database does not answer."""
    state = {"vendor": connection.vendor}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        applied = set(MigrationRecorder(connection).applied_migrations())
    except DatabaseError as error:
        return {**state, "reachable": False, "error": type(error).__name__}
    on_disk = _suite_migrations_on_disk()
    pending = sorted(f"{app}.{name}" for (app, name), replaces in on_disk.items()
                     if not _applied((app, name), replaces, applied))
    return {**state, "reachable": True, "migrations": {"applied": len(on_disk) - len(pending), "pending": pending}}
