"""Management commands of the WikiLearn plugin app."""
