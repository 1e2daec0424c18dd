"""``wikilearn_content_po``: course content translations to and from PO."""
