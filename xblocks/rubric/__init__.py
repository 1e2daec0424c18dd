"""WikiLearn rubric block."""
