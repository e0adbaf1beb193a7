import contextvars

_current_request = contextvars.ContextVar("gonghui_request", default=None)


def current_request():
    return _current_request.get()


class CurrentRequestMiddleware:
    """Keeps the request at hand so the audit log can record the client address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


class NumberOutOfRangeMiddleware:
    """A page whose form sent a number the database cannot store (past a column's range, no validator caught it)
    answers 400 with the reason, not a server error; the API does the same in its exception handler."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        from django.shortcuts import render
        from django.utils.translation import gettext

        from gonghui.core.api.exceptions import is_number_out_of_range

        if not is_number_out_of_range(exc):
            return None
        return render(request, "400.html", {"reason": gettext("A number is out of range.")}, status=400)


class LanguageMiddleware:
    """Chinese unless the user chose otherwise: the language cookie decides, not the browser's header.

    (Django's LocaleMiddleware would follow Accept-Language, so an English-configured browser in a union
    office would get English pages by default.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        if chosen in supported:
            language = chosen
        elif request.path.startswith("/api/"):
            # API clients have no language switch: their Accept-Language header is their choice.
            language = translation.get_language_from_request(request)
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
