"""The Tutor plugin's configuration: defaults, and the checks run whenever the config is loaded.

Kept free of Tutor imports so it is tested on its own. Secrets (OAuth consumer secret,
BigBlueButton secrets) have no default: they stay unset until the operator sets them.
"""

import re
from urllib.parse import urlparse

import xblocks

PREFIX = "WIKILEARN_"

DEFAULTS = {
    # The suite's version, installed into the Open edX image.
    "VERSION": xblocks.__version__,
    # What pip installs (change to a git URL or a local path for development builds).
    "PIP_REQUIREMENT": "wikilearn-suite=={{ WIKILEARN_VERSION }}",
    # MediaWiki OAuth: the backends are enabled only once a consumer key is set.
    "MEDIAWIKI_URL": "https://meta.wikimedia.org",
    "MEDIAWIKI_PROTOCOL": "oauth2",
    "MEDIAWIKI_SCOPE": "",
    "MEDIAWIKI_KEY": "",
    "MEDIAWIKI_ALLOW_BLOCKED": True,
    "MEDIAWIKI_PROVIDER_NAME": "Wikimedia",
    "MEDIAWIKI_SKIP_REGISTRATION_FORM": False,
    # BigBlueButton servers: {"name": {"url": ..., "secret": ..., "checksum": "sha256"}}.
    "BBB_SERVERS": {},
    # Recordings: Django storage class ("" = the platform's default storage) and its options.
    "RECORDINGS_STORAGE_CLASS": "",
    "RECORDINGS_STORAGE_OPTIONS": {},
    "RECORDINGS_RENDITIONS": True,
    # Crontab ("minute hour day month weekday") for the Celery beat sync; "" disables it.
    "RECORDINGS_SYNC_SCHEDULE": "",
}

# Unset until the operator provides them; never given a default value.
SECRETS = ("MEDIAWIKI_SECRET",)

CHECKSUMS = ("sha1", "sha256")
PROTOCOLS = ("oauth2", "oauth1")
SERVER_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
CRON_FIELD = re.compile(r"^(\*|\d+|\d+-\d+)(/\d+)?(,(\*|\d+|\d+-\d+)(/\d+)?)*$")


# The Open edX releases the suite supports, by the Tutor major that builds them (README "Install").
# Tutor 21 builds release/ulmo on Python 3.11.8, Tutor 22 release/verawood on Python 3.12.13
# (overhangio/tutor: tutor/templates/config/defaults.yml OPENEDX_COMMON_VERSION, and
# tutor/templates/build/openedx/Dockerfile ARG PYTHON_VERSION, on its release and verawood branches).
SUPPORTED_RELEASES = {21: ("ulmo", "3.11"), 22: ("verawood", "3.12")}
NAMED_RELEASE = re.compile(r"^(?:open-)?release/([a-z]+)")


class ConfigError(ValueError):
    """A WikiLearn setting in the Tutor config that cannot work."""


def _is_http_url(value):
    parsed = urlparse(str(value or ""))
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


def _check_mediawiki(config):
    errors = []
    if not _is_http_url(config.get("WIKILEARN_MEDIAWIKI_URL")):
        errors.append("WIKILEARN_MEDIAWIKI_URL must be an http(s) URL such as https://meta.wikimedia.org")
    if config.get("WIKILEARN_MEDIAWIKI_PROTOCOL") not in PROTOCOLS:
        errors.append(f"WIKILEARN_MEDIAWIKI_PROTOCOL must be one of {', '.join(PROTOCOLS)}")
    if config.get("WIKILEARN_MEDIAWIKI_KEY") and not config.get("WIKILEARN_MEDIAWIKI_SECRET"):
        errors.append("WIKILEARN_MEDIAWIKI_KEY is set but WIKILEARN_MEDIAWIKI_SECRET is not "
                      "(tutor config save --set WIKILEARN_MEDIAWIKI_SECRET=...)")
    return errors


def _check_bbb(config):
    servers = config.get("WIKILEARN_BBB_SERVERS")
    if not isinstance(servers, dict):
        return ["WIKILEARN_BBB_SERVERS must be a mapping of server name to {url, secret, checksum}"]
    errors = []
    for name, server in servers.items():
        where = f"WIKILEARN_BBB_SERVERS[{name!r}]"
        if not SERVER_NAME.match(str(name)):
            errors.append(f"{where}: server names use letters, digits, '-' and '_' only")
        if not isinstance(server, dict):
            errors.append(f"{where} must be a mapping with url, secret and checksum")
            continue
        if not _is_http_url(server.get("url")):
            errors.append(f"{where}.url must be the server's http(s) API URL (ending in /bigbluebutton/)")
        if not server.get("secret"):
            errors.append(f"{where}.secret is required (the server's shared secret)")
        if server.get("checksum", "sha256") not in CHECKSUMS:
            errors.append(f"{where}.checksum must be sha1 or sha256")
    return errors


def _check_recordings(config):
    errors = []
    schedule = str(config.get("WIKILEARN_RECORDINGS_SYNC_SCHEDULE") or "").split()
    if schedule and (len(schedule) != 5 or not all(CRON_FIELD.match(field) for field in schedule)):
        errors.append("WIKILEARN_RECORDINGS_SYNC_SCHEDULE must be a crontab such as '17 * * * *' (or empty)")
    if not isinstance(config.get("WIKILEARN_RECORDINGS_STORAGE_OPTIONS", {}), dict):
        errors.append("WIKILEARN_RECORDINGS_STORAGE_OPTIONS must be a mapping")
    storage = config.get("WIKILEARN_RECORDINGS_STORAGE_CLASS") or ""
    if storage and not re.match(r"^[A-Za-z_][\w.]*\.[A-Za-z_]\w*$", storage):
        errors.append("WIKILEARN_RECORDINGS_STORAGE_CLASS must be a dotted class path, e.g. "
                      "storages.backends.s3.S3Storage")
    return errors


def _supported():
    return ", ".join(f"{name.capitalize()} (Tutor {major}, Python {python})"
                     for major, (name, python) in sorted(SUPPORTED_RELEASES.items()))


def check_release(tutor_version, config):
    """Problems with the Tutor / Open edX release pair: the suite installs only on supported ones.

    A branch that names no release (``master``, a fork's own branch) is the operator's call.
    """
    major = int(str(tutor_version).split(".")[0])
    if major not in SUPPORTED_RELEASES:
        return [f"Tutor {tutor_version} is not supported by the WikiLearn suite, which supports Open edX "
                f"{_supported()}: upgrade Tutor (pip install 'tutor>=21,<23') or disable the plugin "
                "(tutor plugins disable wikilearn)"]
    release, python = SUPPORTED_RELEASES[major]
    errors = []
    for name in ("EDX_PLATFORM_VERSION", "OPENEDX_COMMON_VERSION"):
        named = NAMED_RELEASE.match(str(config.get(name) or ""))
        if named and named.group(1) != release:
            errors.append(f"{name}={config.get(name)} is Open edX {named.group(1).capitalize()}, but Tutor "
                          f"{tutor_version} builds {release.capitalize()} images (Python {python}); the WikiLearn "
                          f"suite supports {_supported()}")
    return errors


def validate(config, tutor_version=None):
    """Raise :class:`ConfigError` listing every problem with the WikiLearn values in ``config``.

    With ``tutor_version``, the Tutor / Open edX release pair is checked too.
    """
    errors = _check_mediawiki(config) + _check_bbb(config) + _check_recordings(config)
    if tutor_version is not None:
        errors += check_release(tutor_version, config)
    if errors:
        raise ConfigError("Invalid WikiLearn settings:\n  - " + "\n  - ".join(errors))


def crontab_kwargs(schedule):
    """``"17 */2 * * *"`` -> keyword arguments of ``celery.schedules.crontab``."""
    minute, hour, day_of_month, month_of_year, day_of_week = schedule.split()
    return {"minute": minute, "hour": hour, "day_of_month": day_of_month,
            "month_of_year": month_of_year, "day_of_week": day_of_week}
