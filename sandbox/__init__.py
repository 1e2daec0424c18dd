"""The local demo site: xblock-sdk's workbench plus the suite's plugin apps, loaded the LMS way."""
