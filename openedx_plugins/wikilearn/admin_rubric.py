"""Admin for rubric submissions and assessments."""
