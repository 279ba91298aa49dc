from django.conf import settings
from django.utils import translation


def upload_limit(max_bytes, max_files=1):
    """Give a view a smaller upload limit than evidence uploads have (a public form, say).

    Set before the request body is read (UploadLimitMiddleware, ahead of the CSRF check,
    which reads it first), so a larger upload is cut off while it streams in.
    """

    def decorator(view):
        view.upload_limit = (max_bytes, max_files)
        return view

    return decorator


class UploadLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = getattr(view_func, "upload_limit", None)
        if limit is not None:
            request.upload_limit = limit


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
