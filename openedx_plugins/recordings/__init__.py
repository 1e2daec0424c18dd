"""Downloadable BigBlueButton lesson recordings inside Open edX."""
