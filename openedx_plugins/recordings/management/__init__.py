"""Management commands of the recordings app."""
