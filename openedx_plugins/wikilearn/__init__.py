"""Persistence and service functions behind the WikiLearn blocks."""
