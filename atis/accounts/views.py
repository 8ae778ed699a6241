"""Account pages: overview, authenticator set-up, the sign-in code step, recovery codes,
password change, and (administrators) locked accounts."""

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from atis.accounts import mfa, services
from atis.accounts.forms import CodeForm, PasswordChangeForm, UnlockForm
from atis.core import access
from atis.core.errors import DomainError


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse("dashboard")


def _form_errors(form, error: DomainError) -> None:
    for field, messages_ in error.fields.items():
        for text in messages_ if isinstance(messages_, list) else [messages_]:
            form.add_error(field if field in form.fields else None, str(text))


@login_required
@never_cache
def account(request):
    user = request.user
    return render(request, "accounts/account.html", {
        "enrolled": mfa.enrolled(user), "required": mfa.required_for(user),
        "recovery_left": mfa.recovery_left(user), "may_unlock": access.may(user, "user.manage")})


def _qr_svg(device) -> str:
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=4, dark="#000", light="#fff", title=_("QR code to scan"))
    return mark_safe(svg.replace(  # noqa: S308 (segno's own SVG, no user input)
        "<svg ", format_html('<svg role="img" aria-label="{}" ', _("QR code to scan")), 1))


def _secret(device) -> str:
    from base64 import b32encode

    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def mfa_enrol(request):
    user = request.user
    if mfa.enrolled(user):
        messages.info(request, _("Two-step verification is already set up for your account."))
        return redirect("account")
    device = services.totp_start(user=user)
    form = CodeForm(request.POST or None, label=_("Code from the app"))
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_confirm(user=user, device=device, code=form.cleaned_data["code"])
        except DomainError as error:
            _form_errors(form, error)
        else:
            otp_login(request, device)
            request.session.cycle_key()
            return render(request, "accounts/recovery_codes.html",
                          {"codes": codes, "next": _next(request), "enrolled_now": True})
    return render(request, "accounts/mfa_enrol.html", {
        "form": form, "qr": _qr_svg(device), "secret": _secret(device),
        "required": mfa.required_for(user), "next": request.POST.get("next") or
        request.GET.get("next", "")}, status=400 if form.errors else 200)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def mfa_verify(request):
    user = request.user
    if mfa.verified(user) or not mfa.has_device(user):
        return redirect(_next(request))
    form = CodeForm(request.POST or None, label=_("Code or recovery code"))
    if request.method == "POST" and form.is_valid():
        device = services.code_check(user=user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()
            if mfa.recovery_left(user) <= 2:
                messages.warning(request, _("You have %(count)d recovery codes left. Make new "
                                            "ones on your account page.")
                                 % {"count": mfa.recovery_left(user)})
            return redirect(_next(request))
        form.add_error("code", _("This code is not right, or it was used already. Wait for "
                                 "the next code, or use one of your recovery codes."))
    return render(request, "accounts/mfa_verify.html", {
        "form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
        status=400 if form.errors else 200)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    if not mfa.enrolled(request.user):
        return redirect("mfa-enrol")
    if request.method == "POST":
        codes = services.recovery_regenerate(user=request.user)
        return render(request, "accounts/recovery_codes.html",
                      {"codes": codes, "next": reverse("account")})
    return render(request, "accounts/recovery_confirm.html",
                  {"left": mfa.recovery_left(request.user)})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view (the project's validators; other sessions of the user end, this one
    stays), audited."""

    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=self.request.user)
        messages.success(self.request, _("Your password was changed. Other sessions of your "
                                         "account were signed out."))
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def lockouts(request):
    access.require(request.user, "user.manage")
    form = UnlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        services.lockout_reset(actor=request.user, username=username)
        messages.success(request, _("The account %(username)s was unlocked.")
                         % {"username": username})
        return redirect("lockouts")
    return render(request, "accounts/lockouts.html",
                  {"locked": services.locked_accounts(), "form": form},
                  status=400 if form.errors else 200)
