"""Admin for pitch review versions, assignments and reviews."""
