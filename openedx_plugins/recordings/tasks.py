"""The Celery task that syncs recordings (scheduled by ``WIKILEARN_RECORDINGS_SYNC_EVERY``)."""

import logging

from celery import shared_task

from openedx_plugins.recordings import sync

log = logging.getLogger(__name__)


@shared_task(name="openedx_plugins.recordings.tasks.sync_recordings", ignore_result=True)
def sync_recordings(course_key=None):
    """Sync every enabled source (of one course); one failing source does not stop the others."""
    summary = {}
    for source in sync.sources_for(course_key):
        try:
            report = sync.sync_source(source)
        except Exception as error:  # kept on the source row by sync_source; go on with the next one
            summary[source.pk] = {"error": str(error)}
            continue
        summary[source.pk] = {"listed": report.listed, "updated": len(report.updated),
                              "downloads": report.downloads, "unavailable": len(report.unavailable),
                              "failed": len(report.failed), "lesson_package_files": report.packages,
                              "lesson_package_warnings": sum(len(lines) for lines in report.warnings.values())}
    log.info("recordings sync: %s", summary)
    return summary
