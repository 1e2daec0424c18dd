"""WikiLearn timezone poll block."""
