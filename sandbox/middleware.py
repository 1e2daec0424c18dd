"""Activate the logged-in user's language preference, as the LMS's language middleware does."""

from django.utils import translation

from sandbox.services import profile_for


class UserLanguageMiddleware:
    """Use ``?lang=`` when given, else the user's preferred language, for the whole request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.GET.get("lang")
        if not language and request.user.is_authenticated:
            language = profile_for(request.user).language
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if language:
            response.headers.setdefault("Content-Language", translation.get_language())
        return response
