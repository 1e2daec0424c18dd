"""A stand-in for edx-platform's ``OAuth2ProviderConfig`` with ConfigurationModel's semantics, and a
stand-in ``manage.py lms shell`` that runs the Tutor init task's Python against it.

What it reproduces (openedx/django-config-models config_models/models.py, openedx-platform
common/djangoapps/third_party_auth/models.py):

- ``save()`` always inserts a new row (``self.pk = None`` first), stamped with a new ``change_date``;
  an admin's "edit" of the provider is such a new row too.
- ``OAuth2ProviderConfig.KEY_FIELDS = ('site_id', 'backend_name')``, and its ``current(*args)`` puts the
  current site's id first (no request in a shell: ``settings.SITE_ID``) before ConfigurationModel's
  ``current``, which returns the newest row with those key values, else an unsaved instance carrying
  them (``id`` None).
- Django's ``shell`` runs stdin when stdin is not a terminal (django/core/management/commands/shell.py).

Rows persist in a JSON file so each ``manage.py`` run starts from what the previous ones stored.
"""

import json
import sys
import types

SITE_ID = 1
FIELD_DEFAULTS = {  # ConfigurationModel + ProviderConfig + OAuth2ProviderConfig field defaults
    "enabled": False, "changed_by": None, "icon_class": "fa-sign-in", "name": "", "slug": "default",
    "secondary": False, "site_id": SITE_ID, "skip_hinted_login_dialog": False, "skip_registration_form": False,
    "skip_email_verification": False, "send_welcome_email": False, "visible": False,
    "send_to_registration_first": False, "backend_name": "", "key": "", "secret": "", "other_settings": "",
}


class Rows:
    """The table: a list of dicts, loaded from and saved to ``path``."""

    def __init__(self, path):
        self.path = path
        try:
            with open(path, encoding="utf-8") as handle:
                self.rows = json.load(handle)
        except FileNotFoundError:
            self.rows = []

    def insert(self, values):
        row = {**values, "id": len(self.rows) + 1, "change_date": len(self.rows) + 1}
        self.rows.append(row)
        with open(self.path, "w", encoding="utf-8") as handle:
            json.dump(self.rows, handle, indent=1)
        return row


def model_class(table):
    """``OAuth2ProviderConfig`` backed by ``table``."""

    class OAuth2ProviderConfig:
        KEY_FIELDS = ("site_id", "backend_name")

        def __init__(self, **values):
            self.id = None
            self.change_date = None
            for name, default in FIELD_DEFAULTS.items():
                setattr(self, name, values.pop(name, default))
            assert not values, f"unknown fields {values}"

        def save(self):
            self.id = None  # ConfigurationModel.save: always a new entry
            row = table.insert({name: getattr(self, name) for name in FIELD_DEFAULTS})
            self.id, self.change_date = row["id"], row["change_date"]

        @classmethod
        def current(cls, *args):
            key = dict(zip(cls.KEY_FIELDS, (SITE_ID, *args), strict=True))
            rows = [row for row in table.rows if all(row[name] == value for name, value in key.items())]
            if not rows:
                return cls(**key)
            newest = max(rows, key=lambda row: row["change_date"])
            instance = cls(**{name: newest[name] for name in FIELD_DEFAULTS})
            instance.id, instance.change_date = newest["id"], newest["change_date"]
            return instance

    return OAuth2ProviderConfig


def admin_edit(path, backend_name, **changes):
    """What the Django admin does on "save" of a ConfigurationModel: a new row from the current one."""
    model = model_class(Rows(path))
    row = model.current(backend_name)
    for name, value in changes.items():
        setattr(row, name, value)
    row.save()


def manage(argv, path, stdin):
    """``manage.py lms shell`` reading its program from ``stdin``; returns the exit status."""
    if argv != ["lms", "shell"]:
        print(f"stand-in manage.py only runs 'lms shell', not {argv}", file=sys.stderr)
        return 2
    models = types.ModuleType("common.djangoapps.third_party_auth.models")
    models.OAuth2ProviderConfig = model_class(Rows(path))
    for name in ("common", "common.djangoapps", "common.djangoapps.third_party_auth"):
        sys.modules[name] = types.ModuleType(name)
    sys.modules["common.djangoapps.third_party_auth.models"] = models
    exec(compile(stdin.read(), "<lms shell>", "exec"), {"__name__": "__main__"})  # noqa: S102 - the rendered task
    return 0
