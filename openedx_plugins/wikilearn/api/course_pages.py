"""Where a course's pages (inbox, progress, my feedback, showcase) are, for the blocks to link to."""

from django.urls import NoReverseMatch, reverse

PAGES = ("inbox", "progress", "feedback", "showcase")


def page_urls(course_key):
    """``{page: URL}`` of the course pages, or ``{}`` where they are not served (Studio mounts no
    ``wikilearn`` URLs: the plugin app declares them for the LMS only)."""
    try:
        return {name: reverse(f"wikilearn:course_{name}", args=[str(course_key)]) for name in PAGES}
    except NoReverseMatch:
        return {}
