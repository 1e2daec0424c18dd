"""Plain Django views of the WikiLearn app."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET

import xblocks


@require_GET
def health(request):
    """Report the suite version and that the database answers (for operators' probes)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok", "version": xblocks.__version__})
