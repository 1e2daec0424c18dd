"""Tutor plugin ``wikilearn``: install the suite into a Tutor-deployed Open edX.

``pip install wikilearn-suite && tutor plugins enable wikilearn && tutor config save --set ...``,
then rebuild the openedx image and launch. Imported only by Tutor (not a runtime dependency).
"""

import os
import pprint
from importlib import resources

import click
from tutor import __about__ as tutor_about
from tutor import hooks
from tutor.exceptions import TutorError

from openedx_plugins.tutor import config as wl_config

HERE = resources.files("openedx_plugins.tutor")

hooks.Filters.CONFIG_DEFAULTS.add_items(
    [(wl_config.PREFIX + name, value) for name, value in wl_config.DEFAULTS.items()]
)
# Secrets: declared (so `tutor config printvalue` knows them) but never given a value.
hooks.Filters.CONFIG_DEFAULTS.add_items([(wl_config.PREFIX + name, None) for name in wl_config.SECRETS])


@hooks.Actions.CONFIG_LOADED.add()
def _validate(config):
    """Refuse a config whose WikiLearn values cannot work, with every reason at once."""
    try:
        wl_config.validate(config, tutor_version=tutor_about.__version__)
    except wl_config.ConfigError as error:
        raise TutorError(str(error)) from error


hooks.Filters.ENV_TEMPLATE_FILTERS.add_items([
    ("wikilearn_py", lambda value: pprint.pformat(value, width=100, sort_dicts=True)),
    ("wikilearn_crontab", wl_config.crontab_kwargs),
])

# Settings patches and the image's pip install, from files in patches/.
for path in sorted((HERE / "patches").iterdir()):
    if path.is_file():
        hooks.Filters.ENV_PATCHES.add_item((os.path.basename(str(path)), path.read_text(encoding="utf-8")))

hooks.Filters.CLI_DO_INIT_TASKS.add_item(
    ("lms", (HERE / "templates" / "wikilearn" / "tasks" / "lms" / "init").read_text(encoding="utf-8"))
)


@click.command(name="sync-recordings", help="Sync BigBlueButton recordings into the platform.")
@click.option("--course", "course", default="", help="Only this course key (default: every configured course).")
@click.option("--dry-run", is_flag=True, help="Show what would be downloaded without downloading.")
def sync_recordings(course, dry_run):
    """``tutor local do sync-recordings [--course KEY] [--dry-run]``."""
    command = "./manage.py lms sync_recordings"
    if course:
        command += f" --course {_shell_quote(course)}"
    if dry_run:
        command += " --dry-run"
    yield ("lms", command)


def _shell_quote(value):
    return "'" + str(value).replace("'", "'\"'\"'") + "'"


hooks.Filters.CLI_DO_COMMANDS.add_item(sync_recordings)
