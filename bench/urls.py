"""The app's URLs plus one trivial logged-in page: the yardstick the benchmark divides by.

Used only by `manage.py bench` (in-process, through override_settings) and by the gunicorn
it starts (`bench.instellingen`), so the yardstick passes the same middleware, session,
login and settings as every real page, and the product has no page that does nothing.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


@login_required
def triviaal(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"Hallo {request.user.get_username()}", content_type="text/plain")


urlpatterns = [
    path("bench/triviaal/", triviaal, name="bench_triviaal"),
    path("", include("sonestra.urls")),
]
