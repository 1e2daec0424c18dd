"""Rubric persistence: submissions, drafts, assessments, staff queue."""
