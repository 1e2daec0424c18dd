"""Django admin for the WikiLearn models."""
