"""Each block keeps what it adds to a learner page small: JS + CSS under 40 KB, nothing third-party."""

import re

import pytest
from xblock.core import XBlock

pytestmark = pytest.mark.django_db

BUDGET = 40 * 1024
SUITE_BLOCKS = ["wikilearn_rubric", "wikilearn_pitch_review", "wikilearn_timezone_poll"]


def resource_bytes(block_type, fragment):
    """Bytes of JS and CSS the fragment brings: inline text plus the package files it links."""
    total = 0
    for resource in fragment.resources:
        if resource.mimetype not in ("text/css", "application/javascript"):
            continue
        if resource.kind == "text":
            total += len(resource.data.encode("utf-8"))
        else:
            url = resource.data
            assert url.startswith("/"), f"third-party or absolute resource {url!r}"
            match = re.match(rf"^/resource/{block_type}/(.+)$", url)
            assert match, f"resource {url!r} is not one of the block's own package files"
            with XBlock.load_class(block_type).open_local_resource(match.group(1)) as handle:
                total += len(handle.read())
    return total


@pytest.mark.parametrize("block_type", SUITE_BLOCKS)
@pytest.mark.parametrize("username", [f"learner_{n}" for n in range(1, 9)])  # every interface language
def test_block_js_and_css_stay_under_budget(blocks, users, block_type, username):
    usage = blocks.create(f"<{block_type}/>")
    fragment = blocks.block(usage, users[username]).render("student_view", {})
    weight = resource_bytes(block_type, fragment)
    assert 0 < weight < BUDGET, f"{block_type} adds {weight} bytes of JS+CSS for {username}"
    html = fragment.body_html()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "no third-party scripts, fonts or images"
