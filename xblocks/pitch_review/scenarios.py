"""Sandbox scenario: Partnership Building, week 8, the final partnership pitch, with its deadlines ahead.

Deadlines come from :mod:`xblocks.common.demo_dates`, the one calendar of the demo course.
"""

from xblocks.common.demo_dates import demo_calendar, iso_datetime

PITCH = """<wikilearn_pitch_review display_name="Final partnership pitch"
             submission_deadline="{submission}" review_deadline="{review}"
             instructions="Design and deliver a 20-minute pitch of your partnership to your chosen potential partner,
 bringing together your self-presentation, partner research, value proposition, evidence toolkit and theory of
 change. Upload your slides (PDF, ODP or PPTX), add links to your slides or recording, and name the partner and
 what you ask of them. Your instructor and two fellow learners listen, give feedback first as the prospective
 partner, then as peers."
             criteria='[{{"key": "value_proposition", "name": "Value proposition", "description": "What each side
 gains is clear and convincing.", "feedback": "optional"}}, {{"key": "evidence", "name": "Evidence", "description":
 "Claims are backed by the evidence toolkit and the theory of change.", "feedback": "optional"}}, {{"key":
 "structure", "name": "Structure and flow", "description": "The pitch builds to a specific ask and fits 20
 minutes.", "feedback": "optional"}}, {{"key": "delivery", "name": "Delivery", "description": "Speaks to what
 the partner cares about and answers questions well.", "feedback": "optional"}}]'/>"""


def scenarios(calendar):
    """The final pitch, submitted and reviewed by ``calendar``'s deadlines."""
    return [(
        "WikiLearn pitch review: week 8, final partnership pitch",
        PITCH.format(submission=iso_datetime(calendar.pitch_submission_deadline),
                     review=iso_datetime(calendar.pitch_review_deadline)),
    )]


SCENARIOS = scenarios(demo_calendar())
