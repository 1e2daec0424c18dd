"""Template rendering and fragment assembly with autoescaping.

Templates are Django templates shipped as package resources (autoescaping on, ``{% trans %}``
through the block's i18n service). Every block view is wrapped in an element carrying ``lang``
and ``dir`` for the current user, so right-to-left languages lay out correctly.
"""

import importlib.resources
import json

from web_fragments.fragment import Fragment
from xblock.utils.resources import ResourceLoader

from xblocks.common.runtime.i18n import language_direction

COMMON = ResourceLoader(__name__)
COMMON_CSS = "public/wikilearn.css"
COMMON_JS = "public/wikilearn.js"


def render_template(block, template_path, context):
    """Render ``template_path`` from the block's package (``templates/...``)."""
    loader = ResourceLoader(getattr(block, "unmixed_class", type(block)).__module__)
    return loader.render_django_template(
        template_path, context=dict(context), i18n_service=block.runtime.service(block, "i18n")
    )


def json_script(data):
    """JSON safe to embed in HTML (no ``</script>`` or ``<!--`` break-out)."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def js_catalogue(block, language):
    """The block's compiled JS catalogue for ``language`` (``pt-br``, then ``pt``), or None."""
    package = getattr(block, "unmixed_class", type(block)).__module__.rpartition(".")[0]
    code = (language or "en").replace("_", "-").lower()
    for candidate in (code, code.split("-")[0]):
        resource = f"public/js/translations/{candidate}.js"
        if importlib.resources.files(package).joinpath(resource).is_file():
            return resource
    return None


def build_fragment(block, user, template_path, context, js_init=None, js_args=None, css=(), js=()):
    """A fragment for a block view.

    ``css`` and ``js`` name files under the block's ``public/`` folder, served as cacheable
    package resources; the shared WikiLearn CSS and JS are inlined once per fragment (they are
    small, and inlining saves a round trip on slow connections).
    """
    language = user.language if user else "en"
    body = render_template(block, template_path, {
        **context,
        "lang": language,
        "dir": language_direction(language),
    })
    fragment = Fragment(body)
    fragment.add_css(COMMON.load_unicode(COMMON_CSS))
    fragment.add_javascript(COMMON.load_unicode(COMMON_JS))
    catalogue = js_catalogue(block, language) if js_init else None
    if catalogue:
        fragment.add_javascript_url(block.runtime.local_resource_url(block, catalogue))
    for name in css:
        fragment.add_css_url(block.runtime.local_resource_url(block, f"public/{name}"))
    for name in js:
        fragment.add_javascript_url(block.runtime.local_resource_url(block, f"public/{name}"))
    if js_init:
        fragment.initialize_js(js_init, json_args=js_args or {})
    return fragment
