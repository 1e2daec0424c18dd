"""Sandbox scenarios from the Partnership Building pilot course (weeks 1 and 3), due ahead of today.

Due dates come from :mod:`xblocks.common.demo_dates`, the one calendar of the demo course.
"""

from xblocks.common.demo_dates import demo_calendar, iso_datetime

WEEK1 = """<wikilearn_rubric display_name="Partnership or not?" max_attempts="0" due="{due}"
             prompt="For each of the five examples in this week's reading, decide whether it is a partnership or
 not, and explain why in two or three sentences. Then review and revise your group's mission statement."
             criteria='[{{"key": "judgement", "name": "Judgement", "description": "Each example is classified
 correctly.", "feedback": "optional"}}, {{"key": "reasoning", "name": "Reasoning", "description": "The explanation
 names what makes a partnership (shared goals, mutual benefit, commitment).", "feedback": "required"}},
 {{"key": "mission", "name": "Mission statement", "description": "The revised mission statement is clear and
 specific.", "feedback": "optional"}}]'/>"""

WEEK3 = """<wikilearn_rubric display_name="Theory of change" max_attempts="3" accept_files="true" due="{due}"
             prompt="Write out the Theory of Change for the partnership with your chosen potential partner,
 including the metrics you propose for measuring progress against its goals."
             criteria='[{{"key": "causality", "name": "Cause and effect", "description": "Each step plausibly
 leads to the next.", "feedback": "required"}}, {{"key": "metrics", "name": "Metrics", "description": "Metrics are
 measurable and tied to the goals.", "feedback": "required"}}]'/>"""


def scenarios(calendar):
    """The two weekly assignments, due on ``calendar``'s dates."""
    return [
        ("WikiLearn rubric: week 1, partnership or not?", WEEK1.format(due=iso_datetime(calendar.week1_due))),
        ("WikiLearn rubric: week 3, theory of change", WEEK3.format(due=iso_datetime(calendar.week3_due))),
    ]


SCENARIOS = scenarios(demo_calendar())
