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
