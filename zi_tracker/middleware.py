from dataclasses import dataclass

from django.conf import settings
from django.utils import translation


@dataclass(frozen=True)
class UploadLimit:
    """What one view accepts: files in `fields` only, at most `max_files`, each at most
    `max_bytes` (None: EVIDENCE_MAX_FILE_BYTES, read when the request comes)."""

    max_bytes: int | None = None
    max_files: int | None = 1
    fields: tuple = ("file",)

    @property
    def bytes(self):
        return settings.EVIDENCE_MAX_FILE_BYTES if self.max_bytes is None else self.max_bytes


def upload_limit(max_bytes=None, max_files=1, fields=("file",)):
    """Say which files a view takes: the field names, how many, how large.

    Set before the request body is read (UploadLimitMiddleware, ahead of the CSRF check,
    which reads it first), so a larger file is cut off while it streams in, and a file
    past `max_files` or in another field stops the upload (evidence.uploads
    SizeLimitUploadHandler; the view reads `request.refused_upload`).
    """

    def decorator(view):
        view.upload_limit = UploadLimit(max_bytes, max_files, tuple(fields))
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
