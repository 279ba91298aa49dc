"""The page for an unexpected error, and a 503 when the database is out of reach."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as django_server_error

# A database that went away (restarted, out of connections, its disk full, SQLite locked
# past its timeout) is a passing fault: say so and ask to try again, instead of the 500.
UNAVAILABLE = (OperationalError, InterfaceError)


@requires_csrf_token
def server_error(request):
    """handler500: Django calls it inside the `except` of the failed request.

    The 503 page is rendered without a context: no user, no session, nothing that would
    ask the missing database again.
    """
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return django_server_error(request)
