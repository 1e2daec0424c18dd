"""WikiLearn pitch review block."""
