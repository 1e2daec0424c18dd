"""Django admin for the WikiLearn models (one module per feature)."""

from openedx_plugins.wikilearn import admin_pitch_review, admin_rubric, admin_timezone_poll  # noqa: F401
