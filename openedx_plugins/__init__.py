"""Django apps loaded by the Open edX plugin framework (and the Tutor plugin)."""
