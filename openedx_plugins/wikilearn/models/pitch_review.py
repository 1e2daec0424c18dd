"""Pitch review models (pitch versions, review assignments, reviews, final grade)."""
