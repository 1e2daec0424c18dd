"""Service functions the blocks call, with plain arguments (ids, dicts), one module per feature.

Blocks never touch models directly: ``from openedx_plugins.wikilearn.api import rubric``.
"""
