"""Settings the plugin framework merges into the LMS and Studio settings."""
