"""Recording models."""
