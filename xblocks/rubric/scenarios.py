"""Sandbox scenarios from the Partnership Building pilot course (weeks 1 and 3)."""

SCENARIOS = [
    (
        "WikiLearn rubric: week 1, partnership or not?",
        """<wikilearn_rubric display_name="Partnership or not?" max_attempts="0"
             prompt="For each of the five examples in this week's reading, decide whether it is a partnership or
 not, and explain why in two or three sentences. Then review and revise your group's mission statement."
             criteria='[{"key": "judgement", "name": "Judgement", "description": "Each example is classified
 correctly.", "feedback": "optional"}, {"key": "reasoning", "name": "Reasoning", "description": "The explanation
 names what makes a partnership (shared goals, mutual benefit, commitment).", "feedback": "required"},
 {"key": "mission", "name": "Mission statement", "description": "The revised mission statement is clear and
 specific.", "feedback": "optional"}]'/>""",
    ),
    (
        "WikiLearn rubric: week 3, theory of change",
        """<wikilearn_rubric display_name="Theory of change" max_attempts="3" accept_files="true"
             prompt="Write out the Theory of Change for the partnership with your chosen potential partner,
 including the metrics you propose for measuring progress against its goals."
             criteria='[{"key": "causality", "name": "Cause and effect", "description": "Each step plausibly
 leads to the next.", "feedback": "required"}, {"key": "metrics", "name": "Metrics", "description": "Metrics are
 measurable and tied to the goals.", "feedback": "required"}]'/>""",
    ),
]
