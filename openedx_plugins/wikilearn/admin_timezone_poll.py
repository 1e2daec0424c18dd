"""Admin for timezone poll responses."""
