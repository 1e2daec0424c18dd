"""Tutor plugin for the WikiLearn suite (entry point ``tutor.plugin.v1`` named ``wikilearn``)."""
