"""Pages of `core`: the signed-in user's own sessions and API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atis.core import services, tokens


@login_required
def my_tokens(request):
    """This session and the user's live API tokens, each with a revoke button."""
    return render(request, "core/tokens.html", {
        "tokens": tokens.token_list(user=request.user),
        "session_expiry": request.session.get_expiry_date(),
        "max_hours": tokens.max_lifetime().total_seconds() // 3600,
    })


@login_required
@require_POST
def my_token_revoke(request, key):
    token = tokens.token_list(user=request.user).filter(token_key=key).first()  # own only
    if token is None:
        messages.error(request, _("No such token: it may have expired or been revoked."))
    else:
        services.token_revoke(actor=request.user, token=token)
        messages.success(request, _("The token was revoked."))
    return redirect("my-tokens")
