from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import gettext as _

from atis.core.api_errors import is_api, json_error
from atis.web.dashboards import widgets_for


@login_required
def dashboard(request):
    return render(request, "web/dashboard.html", {"role": request.user.role,
                                                  "widgets": widgets_for(request.user)})


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links."""
    return redirect(static("web/favicon.svg"), permanent=True)


def _error(request, status: int, template: str, context=None):
    return render(request, template, context or {}, status=status)


# Under /api/ every error is the API's JSON (never the site's HTML), whatever raised it.
def bad_request(request, exception=None, *, reasons=()):
    if is_api(request):
        return json_error(400, _("The request has errors."))
    return _error(request, 400, "web/errors/400.html", {"reasons": reasons})


def forbidden(request, exception=None):
    if is_api(request):
        return json_error(403, _("You do not have permission to perform this action."))
    return _error(request, 403, "web/errors/403.html")


def not_found(request, exception=None):
    if is_api(request):
        return json_error(404, _("Not found."))
    return _error(request, 404, "web/errors/404.html")


def server_error(request):
    # No traceback and nothing of the request in the answer: the error is in the log.
    if is_api(request):
        return json_error(500, _("Server error. It has been logged; nothing was saved."))
    # Rendered without context processors: whatever failed must not fail again here.
    return HttpResponseServerError(loader.get_template("web/errors/500.html").render({}))
