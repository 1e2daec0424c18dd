"""Models behind the WikiLearn blocks: one row per learner action, never a shared blob.

Each feature keeps its models in its own module; they are imported here so Django finds them.
"""

from openedx_plugins.wikilearn.models.pitch_review import *  # noqa: F403
from openedx_plugins.wikilearn.models.rubric import *  # noqa: F403
from openedx_plugins.wikilearn.models.showcase import *  # noqa: F403
from openedx_plugins.wikilearn.models.timezone_poll import *  # noqa: F403
