from django.conf import settings
from django.utils import translation


class DefaultLanguageMiddleware:
    """Speak Indonesian unless the user picked another language with the switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, so a court clerk whose
    phone is set to English would get English pages. Here only the language cookie, set by
    the switch, overrides the default.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
