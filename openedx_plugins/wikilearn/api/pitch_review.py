"""Pitch review persistence: versions, allocation, reviews, release."""
