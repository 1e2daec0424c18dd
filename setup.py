"""Packaging for the WikiLearn suite of Open edX extensions."""

import os
import re

from setuptools import find_packages, setup

HERE = os.path.dirname(os.path.abspath(__file__))


def read(*parts):
    """Return the text of a file relative to this one."""
    with open(os.path.join(HERE, *parts), encoding="utf-8") as handle:
        return handle.read()


def version():
    """Read the version from the top-level package without importing it."""
    text = read("xblocks", "__init__.py")
    return re.search(r'^__version__ = "([^"]+)"', text, re.M).group(1)


def requirements(path):
    """Unpinned requirement lines from a requirements/*.in file (no -r / -c lines)."""
    lines = []
    for line in read("requirements", path).splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            lines.append(line)
    return lines


PACKAGES = find_packages(
    include=[
        "xblocks", "xblocks.*",
        "openedx_plugins", "openedx_plugins.*",
        "wikimedia_oauth_backend", "wikimedia_oauth_backend.*",
        "recordings_sync", "recordings_sync.*",
    ],
)

setup(
    name="wikilearn-suite",
    version=version(),
    description="Open edX extensions for WikiLearn: rubric, pitch review and timezone poll "
                "XBlocks, MediaWiki OAuth login and downloadable BigBlueButton recordings.",
    long_description=read("README.md"),
    long_description_content_type="text/markdown",
    author="WikiLearn suite developers",
    license="AGPL-3.0",
    url="https://github.com/wikimedia/wikilearn-suite",
    packages=PACKAGES,
    include_package_data=True,
    package_data={
        "": [
            "templates/*.html", "templates/**/*.html",
            "public/*", "public/**/*",
            "translations/*/LC_MESSAGES/*.po", "translations/*/LC_MESSAGES/*.mo",
            "translations/*/LC_MESSAGES/*.js",
            "locale/*/LC_MESSAGES/*.mo",
            "patches/*", "templates/**/*",
        ],
    },
    # Open edX Ulmo (Tutor 21) runs Python 3.11, Verawood (Tutor 22) Python 3.12: see README "Install".
    python_requires=">=3.11",
    install_requires=requirements("base.in"),
    extras_require={
        "tutor": ["tutor>=21,<23"],
        "s3": ["boto3"],
    },
    entry_points={
        "xblock.v1": [
            "wikilearn_rubric = xblocks.rubric.block:RubricBlock",
            "wikilearn_pitch_review = xblocks.pitch_review.block:PitchReviewBlock",
            "wikilearn_timezone_poll = xblocks.timezone_poll.block:TimezonePollBlock",
        ],
        "lms.djangoapp": [
            "wikilearn = openedx_plugins.wikilearn.apps:WikiLearnConfig",
            "wikilearn_recordings = openedx_plugins.recordings.apps:RecordingsConfig",
        ],
        "cms.djangoapp": [
            "wikilearn = openedx_plugins.wikilearn.apps:WikiLearnConfig",
            "wikilearn_recordings = openedx_plugins.recordings.apps:RecordingsConfig",
        ],
        "openedx.course_tab": [
            "wikilearn_recordings = openedx_plugins.recordings.tab:RecordingsTab",
            "wikilearn_course_inbox = openedx_plugins.wikilearn.tab:CourseInboxTab",
            "wikilearn_my_feedback = openedx_plugins.wikilearn.tab:MyFeedbackTab",
        ],
        "tutor.plugin.v1": [
            "wikilearn = openedx_plugins.tutor.plugin",
        ],
        "console_scripts": [
            "wikilearn-recordings-sync = recordings_sync.__main__:main",
        ],
    },
    classifiers=[
        "Framework :: Django",
        "Framework :: Django :: 5.2",
        "Programming Language :: Python :: 3",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "License :: OSI Approved :: GNU Affero General Public License v3",
    ],
)
