"""Rubric block models (submissions, assessments)."""
