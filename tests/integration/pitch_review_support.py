"""Helpers shared by the pitch review integration tests: OLX, uploads, submissions, ids."""

from webob import Request

OLX = """<wikilearn_pitch_review display_name="Final pitch" instructions="Pitch your partnership."
  max_file_mb="0.01" criteria='[{"key": "value", "name": "Value proposition", "feedback": "optional"},
  {"key": "delivery", "name": "Delivery", "feedback": "required"}]'/>"""
LEVELS = {"value": "good", "delivery": "excellent"}
PHASE_ONE = {"phase": 1, "decision": "would_need_more", "convinced": "The <b>reach</b> numbers.",
             "concerns": "Staff time.", "questions": "Who maintains the uploads?"}
PHASE_TWO = {"phase": 2, "levels": LEVELS, "comments": {"delivery": "Clear and calm."}, "overall": "Well done."}


def aid(blocks, usage, user):
    """The anonymous id the block sees for ``user``."""
    return blocks.block(usage, user).user().anonymous_id


def upload(blocks, usage, user, name="slides.pdf", content=b"%PDF-1.4 pitch"):
    """Upload one file through the shared ``upload_attachment`` handler."""
    request = Request.blank("/", POST={"file": (name, content)})
    return blocks.call(usage, "upload_attachment", body=request.body, user=user,
                       content_type=request.headers["Content-Type"])


def submit(blocks, usage, user, partner="City Museum", ask="Open the photo archive.", **extra):
    """Submit a pitch version with a link (and whatever ``extra`` says)."""
    data = {"partner": partner, "ask": ask, "links": ["https://example.org/slides"], **extra}
    return blocks.call(usage, "submit_pitch", data, user=user)


def review(blocks, usage, user, presenter, data):
    """Send one phase of a review of ``presenter``'s pitch."""
    return blocks.call(usage, "submit_review", {"presenter": presenter, **data}, user=user)
