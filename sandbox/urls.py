"""Sandbox URLs: its own pages, the workbench's resource view, and every plugin app's URLs.

Plugin URLs come from ``edx_django_utils.plugins.get_plugin_url_patterns`` exactly as the LMS
adds them.
"""

from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from edx_django_utils.plugins import get_plugin_url_patterns
from workbench import views as workbench_views

from sandbox import views

sandbox_patterns = [
    path("", views.index, name="index"),
    path("login-as/", views.login_as, name="login_as"),
    path("language/", views.set_language, name="set_language"),
    re_path(r"^scenario/(?P<scenario_id>[^/]+)/(?:(?P<view_name>[a-z_]+)/)?$", views.scenario, name="scenario"),
    re_path(r"^handler/(?P<usage_id>[^/]+)/(?P<handler_slug>[^/]*)(?:/(?P<suffix>.*))?$", views.handler,
            name="handler"),
    re_path(r"^studio/handler/(?P<usage_id>[^/]+)/(?P<handler_slug>[^/]*)(?:/(?P<suffix>.*))?$",
            views.studio_handler, name="studio_handler"),
    re_path(r"^preview/handler/(?P<usage_id>[^/]+)/(?P<handler_slug>[^/]*)(?:/(?P<suffix>.*))?$",
            views.preview_handler, name="preview_handler"),
]

urlpatterns = [
    path("", include((sandbox_patterns, "sandbox"), namespace="sandbox")),
    re_path(r"^resource/(?P<block_type>[^/]+)/(?P<resource>.*)$", workbench_views.package_resource,
            name="package_resource"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("social/", include("social_django.urls", namespace="social")),
    *get_plugin_url_patterns("lms.djangoapp"),
]
