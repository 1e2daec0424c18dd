"""Tutor plugin: install the suite into a Tutor-deployed Open edX.

Imported only by Tutor, which is not a runtime dependency of the suite.
"""

from tutor import hooks

import xblocks

hooks.Filters.CONFIG_DEFAULTS.add_items([
    ("WIKILEARN_VERSION", xblocks.__version__),
])

hooks.Filters.ENV_PATCHES.add_item((
    "openedx-dockerfile-post-python-requirements",
    "RUN pip install 'wikilearn-suite=={{ WIKILEARN_VERSION }}'",
))
