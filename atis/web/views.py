from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from atis.web.dashboards import widgets_for


@login_required
def dashboard(request):
    return render(request, "web/dashboard.html", {"role": request.user.role,
                                                  "widgets": widgets_for(request.user)})


def _error(request, status: int, template: str):
    return render(request, template, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, "web/errors/400.html")


def forbidden(request, exception=None):
    return _error(request, 403, "web/errors/403.html")


def not_found(request, exception=None):
    return _error(request, 404, "web/errors/404.html")


def server_error(request):
    # Rendered without context processors: whatever failed must not fail again here.
    return HttpResponseServerError(loader.get_template("web/errors/500.html").render({}))
