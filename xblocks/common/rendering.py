"""Template rendering and fragment assembly with autoescaping.

Templates are Django templates shipped as package resources (autoescaping on, ``{% trans %}``
through the block's i18n service). Every block view is wrapped in an element carrying ``lang``
and ``dir`` for the current user, so right-to-left languages lay out correctly.
"""

import functools
import importlib.resources
import json
import threading

from django.template import Context, Engine
from django.template.backends.django import get_installed_libraries
from web_fragments.fragment import Fragment
from xblock.utils.resources import ResourceLoader

from xblocks.common.runtime.i18n import block_translation, language_direction

COMMON = ResourceLoader(__name__)
COMMON_PACKAGE = __name__
COMMON_CSS = "public/wikilearn.css"
COMMON_JS = "public/wikilearn.js"

_COMPILING = threading.Lock()
_TEMPLATES = {}


@functools.cache
def _engine():
    """One template engine per process, with Django's own ``i18n`` tags.

    ``xblock.utils.resources.ResourceLoader.render_django_template`` builds an ``Engine`` and compiles
    the template on every call, and its ``{% trans %}`` (``xblock/utils/templatetags/i18n.py``
    ``ProxyTransNode``) builds a ``DjangoTranslation`` per tag and language and merges the i18n
    service's catalogue into Django's process-wide one. Here templates are compiled once and rendered
    while :func:`~xblocks.common.runtime.i18n.block_translation` makes the block's i18n service the
    active translation of this thread, which gives ``{% trans %}`` the same result (the service's
    catalogue first, then Django's) without touching shared state.
    """
    return Engine(libraries={**get_installed_libraries(), "i18n": "django.templatetags.i18n"})


def compiled_template(module_name, template_path):
    """The template ``template_path`` of ``module_name``'s package, compiled once per process.

    Compiled templates hold no language: ``{% trans %}`` is looked up when rendered, in the
    language of the request being served.
    """
    key = (module_name, template_path)
    template = _TEMPLATES.get(key)
    if template is None:
        with _COMPILING:
            template = _TEMPLATES.get(key)
            if template is None:
                source = ResourceLoader(module_name).load_unicode(template_path)
                template = _TEMPLATES[key] = _engine().from_string(source)
    return template


def render_package_template(block, module_name, template_path, context):
    """Render ``template_path`` of ``module_name``'s package for ``block`` (its i18n service translates)."""
    template = compiled_template(module_name, template_path)
    with block_translation(block):
        return template.render(Context(dict(context)))


def render_template(block, template_path, context):
    """Render ``template_path`` from the block's package (``templates/...``)."""
    return render_package_template(block, getattr(block, "unmixed_class", type(block)).__module__,
                                   template_path, context)


def render_common_template(block, template_path, context):
    """Render one of the shared templates (``xblocks/common/templates/...``) for ``block``."""
    return render_package_template(block, COMMON_PACKAGE, template_path, context)


@functools.cache
def common_asset(path):
    """The text of a shared asset (``public/wikilearn.css``...), read once per process."""
    return COMMON.load_unicode(path)


def json_script(data):
    """JSON safe to embed in HTML (no ``</script>`` or ``<!--`` break-out)."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def js_catalogue(block, language):
    """The block's compiled JS catalogue for ``language`` (``pt-br``, then ``pt``), or None."""
    return _js_catalogue(getattr(block, "unmixed_class", type(block)).__module__.rpartition(".")[0],
                         (language or "en").replace("_", "-").lower())


@functools.lru_cache(maxsize=512)
def _js_catalogue(package, code):
    # Package files do not change while the process runs: look each (package, language) up once.
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
    fragment.add_css(common_asset(COMMON_CSS))
    fragment.add_javascript(common_asset(COMMON_JS))
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
