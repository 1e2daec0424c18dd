"""Plain Django views of the WikiLearn app."""

from django.http import JsonResponse
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

import xblocks
from openedx_plugins.wikilearn.health import database_state


@never_cache
@require_GET
def health(request):
    """The suite's version and the database state, for operators' probes.

    200 ``{"status": "ok", "version", "database": {"vendor", "reachable": true, "migrations":
    {"applied": n, "pending": []}}}``; 503 with ``"status": "error"`` and the JSON error shape
    (``error_code`` ``database_unavailable`` or ``migrations_pending``, a translated ``message``)
    when the database does not answer or some of the suite's migrations are not applied.
    """
    database = database_state()
    body = {"status": "ok", "version": xblocks.__version__, "database": database}
    if not database["reachable"]:
        body.update(status="error", error_code="database_unavailable",
                    message=gettext("The database does not answer."))
    elif database["migrations"]["pending"]:
        count = len(database["migrations"]["pending"])
        body.update(status="error", error_code="migrations_pending", message=ngettext(
            "%(count)s database migration of the WikiLearn suite is not applied: run the migrations.",
            "%(count)s database migrations of the WikiLearn suite are not applied: run the migrations.",
            count) % {"count": count})
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)
