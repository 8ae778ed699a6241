"""The administrators' pages (under /administration/): users, their memberships and the role
grants that wait for a second administrator (four eyes), and organisations. Only the
`admin` role reaches them (`user.manage`, `organisation.manage`); every write goes through
`atis.core.services` (one transaction, audited) or this app's services (unlocking), every
read through `atis.core.selectors`. They live here rather than in `core` because `core`
imports no other app of the project, and the user's page shows sign-in matters of this
app (locked or not, two-step verification). Administrators see no case content here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atis.accounts import mfa
from atis.accounts import services as accounts
from atis.accounts.filters import OrganisationAdminFilter, UserFilter
from atis.accounts.forms_administration import (
    MembershipGrantForm,
    OrganisationForm,
    PasswordSetForm,
    RejectForm,
    UserCreateForm,
    UserEditForm,
)
from atis.core import access, administrators, selectors, services
from atis.core.errors import DomainError
from atis.core.models import AdminRequest, User
from atis.web import lists
from atis.web.forms import NOT_SAVED, apply_domain_error
from atis.web.lookups import or_404

PER_PAGE = 50
USERS, ORGANISATIONS = "user.manage", "organisation.manage"


def name_of(user) -> str:
    return "" if user is None else str(user)


def _crumbs(*trail) -> list[dict]:
    return [{"label": _("Home"), "url": reverse("dashboard")},
            *({"label": label, "url": url} for label, url in trail)]


def _users_crumbs(*trail):
    return _crumbs((_("Users"), reverse("admin-users")), *trail)


def _user_crumbs(target, *trail):
    return _users_crumbs((name_of(target), reverse("admin-user", args=[target.pk])), *trail)


def _target(request, pk: int) -> User:
    return or_404(selectors.user_get, user=request.user, pk=pk)


def _refused(request, form, exc: DomainError, rename: dict | None = None) -> None:
    """A service's refusal on the form's fields (and a message that nothing was saved)."""
    rename = rename or {}
    apply_domain_error(form, DomainError({rename.get(k, k): v for k, v in exc.fields.items()}))
    messages.error(request, NOT_SAVED)


def _error_message(request, exc: DomainError) -> None:
    messages.error(request, " ".join(m for ms in exc.fields.values() for m in ms))


def _grant_message(request, target, granted) -> None:
    """What a grant did: a role given at once, or a request another administrator decides."""
    if isinstance(granted, AdminRequest):
        messages.warning(request, _(
            "%(user)s will be %(role)s at %(organisation)s once a second administrator "
            "approves: the request waits on the page of pending role grants. Until then the "
            "user keeps the access they had.") % {
            "user": name_of(target), "role": granted.get_role_display(),
            "organisation": granted.organisation.name})
    else:
        messages.success(request, _("%(user)s is now %(role)s at %(organisation)s; their "
                                    "previous membership, if any, has ended.") % {
            "user": name_of(target), "role": granted.get_role_display(),
            "organisation": granted.organisation.name})


def _locked_row(username: str) -> dict | None:
    return next((row for row in accounts.locked_accounts() if row["username"] == username), None)


# --- users ------------------------------------------------------------------------------

SORTABLE = ("name", "username", "last_login")


@login_required
def users(request):
    access.require(request.user, USERS)
    found = UserFilter(request.GET or None, queryset=selectors.user_list(user=request.user))
    rows = found.qs if not found.is_bound or found.is_valid() else found.queryset.none()
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    locked = {row["username"] for row in accounts.locked_accounts()}
    waiting = set(selectors.admin_requests(user=request.user).values_list("target_id", flat=True))
    for user in page:
        user.current = user.active_memberships[0] if user.active_memberships else None
        user.locked = user.username in locked
        user.waiting = user.pk in waiting
    return render(request, "accounts/administration/users.html", {
        "filter": found, "page": page, "columns": lists.sort_columns(request, SORTABLE),
        "breadcrumbs": _crumbs()})


@login_required
def user_create(request):
    access.require(request.user, USERS)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                target, granted = services.user_register(actor=request.user, **form.account())
            except DomainError as exc:
                _refused(request, form, exc, {"password": "password1"})
            else:
                messages.success(request, _(
                    "The account %(username)s was created. Give the user their username and "
                    "one-time password; they choose their own password when they first sign "
                    "in.") % {"username": target.username})
                _grant_message(request, target, granted)
                return redirect("admin-user", pk=target.pk)
        else:
            messages.error(request, NOT_SAVED)
    return render(request, "accounts/administration/simple_form.html", {
        "form": form, "title": _("Create a user"), "button": _("Create the user"),
        "inset": administrators.APPROVAL_HELP, "cancel": reverse("admin-users"),
        "breadcrumbs": _users_crumbs()}, status=400 if form.errors else 200)


@login_required
def user_page(request, pk):
    access.require(request.user, USERS)
    target = _target(request, pk)
    current = target.active_memberships[0] if target.active_memberships else None
    return render(request, "accounts/administration/user.html", {
        "target": target, "name": name_of(target), "current": current,
        "memberships": selectors.memberships_of(user=request.user, target=target),
        "locked": _locked_row(target.username),
        "mfa": {"enrolled": mfa.enrolled(target), "device": mfa.has_device(target),
                "recovery_left": mfa.recovery_left(target),
                "required": mfa.required_for(target)},
        "requests": selectors.admin_requests(user=request.user, status=None, target=target)[:10],
        "is_self": target.pk == request.user.pk,
        "breadcrumbs": _users_crumbs()})


@login_required
def user_edit(request, pk):
    access.require(request.user, USERS)
    target = _target(request, pk)
    form = UserEditForm(request.POST or None, initial={
        "first_name": target.first_name, "last_name": target.last_name, "email": target.email})
    if request.method == "POST":
        if form.is_valid():
            try:
                changed = services.user_update(actor=request.user, user=target, **form.cleaned_data)
            except DomainError as exc:
                _refused(request, form, exc)
            else:
                if changed:
                    messages.success(request, _("The details of %(user)s were saved.")
                                     % {"user": name_of(target)})
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect("admin-user", pk=target.pk)
        else:
            messages.error(request, NOT_SAVED)
    return render(request, "accounts/administration/simple_form.html", {
        "form": form, "title": _("Change the details of %(user)s") % {"user": name_of(target)},
        "button": _("Save"), "cancel": reverse("admin-user", args=[target.pk]),
        "breadcrumbs": _user_crumbs(target)}, status=400 if form.errors else 200)


@login_required
def user_password(request, pk):
    access.require(request.user, USERS)
    target = _target(request, pk)
    form = PasswordSetForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.user_password_set(actor=request.user, user=target,
                                           password=form.cleaned_data["password1"])
            except DomainError as exc:
                _refused(request, form, exc, {"password": "password1"})
            else:
                messages.success(request, _(
                    "%(user)s has a one-time password now. Give it to them yourself; they "
                    "choose their own password when they next sign in.")
                    % {"user": name_of(target)})
                return redirect("admin-user", pk=target.pk)
        else:
            messages.error(request, NOT_SAVED)
    return render(request, "accounts/administration/simple_form.html", {
        "form": form, "title": _("Set a one-time password for %(user)s") % {"user": name_of(target)},
        "intro": _("Their current password stops working at once."),
        "button": _("Set the one-time password"), "cancel": reverse("admin-user", args=[target.pk]),
        "breadcrumbs": _user_crumbs(target)}, status=400 if form.errors else 200)


@login_required
def user_deactivate(request, pk):
    """A confirm page; the POST deactivates."""
    access.require(request.user, USERS)
    target = _target(request, pk)
    if request.method == "POST":
        try:
            services.user_set_active(actor=request.user, user=target, active=False)
        except DomainError as exc:
            _error_message(request, exc)
        else:
            messages.success(request, _(
                "%(user)s was deactivated: they can no longer sign in, and their API tokens "
                "were revoked. Their memberships and history are kept; you can reactivate the "
                "account on this page.") % {"user": name_of(target)})
        return redirect("admin-user", pk=target.pk)
    return render(request, "accounts/administration/confirm.html", {
        "title": _("Deactivate %(user)s?") % {"user": name_of(target)},
        "consequences": [_("They can no longer sign in; their open sessions end."),
                         _("Their API tokens are revoked."),
                         _("Their memberships and the records they made are kept.")],
        "warning": _("The user loses access at once."),
        "button": _("Deactivate the account"), "cancel": reverse("admin-user", args=[target.pk]),
        "breadcrumbs": _user_crumbs(target)})


@login_required
@require_POST
def user_reactivate(request, pk):
    access.require(request.user, USERS)
    target = _target(request, pk)
    try:
        services.user_set_active(actor=request.user, user=target, active=True)
    except DomainError as exc:
        _error_message(request, exc)
    else:
        messages.success(request, _("%(user)s was reactivated: they can sign in again with the "
                                    "role of their active membership, if they have one.")
                         % {"user": name_of(target)})
    return redirect("admin-user", pk=target.pk)


@login_required
@require_POST
def user_unlock(request, pk):
    access.require(request.user, USERS)
    target = _target(request, pk)
    accounts.lockout_reset(actor=request.user, username=target.username)
    messages.success(request, _("The account %(username)s was unlocked: the user can sign in "
                                "again now.") % {"username": target.username})
    return redirect("admin-user", pk=target.pk)


@login_required
@require_POST
def user_mfa_reset(request, pk):
    access.require(request.user, USERS)
    target = _target(request, pk)
    try:
        services.admin_request_create(actor=request.user, kind=AdminRequest.Kind.RESET_MFA,
                                      target=target)
    except DomainError as exc:
        _error_message(request, exc)
    else:
        messages.warning(request, _(
            "A request to reset the two-step verification of %(user)s was filed. It waits for "
            "a second administrator's approval; then the user sets up an authenticator again "
            "at their next sign-in.") % {"user": name_of(target)})
    return redirect("admin-user", pk=target.pk)


# --- memberships ------------------------------------------------------------------------

@login_required
def membership_grant(request, pk):
    access.require(request.user, USERS)
    target = _target(request, pk)
    form = MembershipGrantForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                granted = services.membership_request(actor=request.user, user=target,
                                                      **form.grant())
            except DomainError as exc:
                _refused(request, form, exc)
            else:
                _grant_message(request, target, granted)
                return redirect("admin-user", pk=target.pk)
        else:
            messages.error(request, NOT_SAVED)
    current = target.active_memberships[0] if target.active_memberships else None
    return render(request, "accounts/administration/simple_form.html", {
        "form": form, "title": _("Give %(user)s a role") % {"user": name_of(target)},
        "intro": (_("Their membership as %(role)s at %(organisation)s ends when the new one "
                    "starts.") % {"role": current.get_role_display(),
                                  "organisation": current.organisation.name}
                  if current else None),
        "inset": administrators.APPROVAL_HELP,
        "button": _("Give the role"), "cancel": reverse("admin-user", args=[target.pk]),
        "breadcrumbs": _user_crumbs(target)}, status=400 if form.errors else 200)


@login_required
def membership_end(request, pk):
    """A confirm page; the POST ends the user's active membership."""
    access.require(request.user, USERS)
    target = _target(request, pk)
    current = target.active_memberships[0] if target.active_memberships else None
    if request.method == "POST":
        try:
            services.membership_withdraw(actor=request.user, user=target)
        except DomainError as exc:
            _error_message(request, exc)
        else:
            messages.success(request, _(
                "The membership of %(user)s has ended: they can no longer sign in. Give them a "
                "role again to restore their access.") % {"user": name_of(target)})
        return redirect("admin-user", pk=target.pk)
    if current is None:
        messages.info(request, _("%(user)s has no active membership.") % {"user": name_of(target)})
        return redirect("admin-user", pk=target.pk)
    return render(request, "accounts/administration/confirm.html", {
        "title": _("End the membership of %(user)s?") % {"user": name_of(target)},
        "consequences": [
            _("They stop being %(role)s at %(organisation)s and can no longer sign in.")
            % {"role": current.get_role_display(), "organisation": current.organisation.name},
            _("The membership stays in their history; it cannot be reopened, only a new one "
              "given (a role that sees identities again needs a second administrator).")],
        "warning": _("An ended membership cannot be reopened."),
        "button": _("End the membership"), "cancel": reverse("admin-user", args=[target.pk]),
        "breadcrumbs": _user_crumbs(target)})


# --- requests that wait for a second administrator ---------------------------------------

@login_required
def admin_requests(request):
    access.require(request.user, USERS)
    pending = list(selectors.admin_requests(user=request.user))
    decided = selectors.admin_requests(user=request.user, status=None).exclude(
        status=AdminRequest.Status.PENDING)[:20]
    return render(request, "accounts/administration/requests.html", {
        "pending": pending, "decided": decided, "breadcrumbs": _crumbs()})


def _requests_crumbs():
    return _crumbs((_("Pending role grants"), reverse("admin-requests")))


@login_required
def admin_request(request, pk, reject_form=None):
    access.require(request.user, USERS)
    item = or_404(selectors.admin_request_get, user=request.user, pk=pk)
    own = item.requested_by_id == request.user.pk
    return render(request, "accounts/administration/request.html", {
        "item": item, "own": own, "about_me": item.target_id == request.user.pk,
        "pending": item.status == AdminRequest.Status.PENDING,
        "reject_form": reject_form or RejectForm(),
        "breadcrumbs": _requests_crumbs()}, status=400 if reject_form is not None else 200)


def _decision(request, pk, decide, done):
    """Decide the request with `decide(item)`; `done(decided)` says what happened."""
    access.require(request.user, USERS)
    item = or_404(selectors.admin_request_get, user=request.user, pk=pk)
    try:
        decided = decide(item)
    except DomainError as exc:
        _error_message(request, exc)
        return redirect("admin-request", pk=item.pk)
    messages.success(request, done(decided))
    return redirect("admin-requests")


def _approved(decided) -> str:
    if decided.kind == AdminRequest.Kind.RESET_MFA:
        return _("Approved: the two-step verification of %(user)s was reset. They set up an "
                 "authenticator again at their next sign-in.") % {"user": name_of(decided.target)}
    return _("Approved: %(user)s is now %(role)s at %(organisation)s, and their previous "
             "membership, if any, has ended. They can sign in with the new role now.") % {
        "user": name_of(decided.target), "role": decided.get_role_display(),
        "organisation": decided.organisation.name}


@login_required
@require_POST
def admin_request_approve(request, pk):
    return _decision(request, pk, lambda item: services.admin_request_approve(
        actor=request.user, request=item), _approved)


@login_required
@require_POST
def admin_request_reject(request, pk):
    access.require(request.user, USERS)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, NOT_SAVED)
        return admin_request(request, pk, reject_form=form)
    return _decision(request, pk, lambda item: services.admin_request_reject(
        actor=request.user, request=item, reason=form.cleaned_data["reason"]),
        lambda decided: _("Rejected: %(request)s. Nothing changes for the user; the "
                          "administrator who filed it sees the decision on the page of the "
                          "request.") % {"request": decided})


@login_required
@require_POST
def admin_request_withdraw(request, pk):
    return _decision(request, pk, lambda item: services.admin_request_cancel(
        actor=request.user, request=item),
        lambda decided: _("Withdrawn: %(request)s. Nothing changes for the user; file a new "
                          "request if it is still needed.") % {"request": decided})


# --- organisations ----------------------------------------------------------------------

def _organisations_crumbs():
    return _crumbs((_("Organisations"), reverse("admin-organisations")))


@login_required
def organisations(request):
    access.require(request.user, ORGANISATIONS)
    found = OrganisationAdminFilter(request.GET or None,
                                    queryset=selectors.organisations_managed(user=request.user))
    rows = found.qs if not found.is_bound or found.is_valid() else found.queryset.none()
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "accounts/administration/organisations.html", {
        "filter": found, "page": page, "breadcrumbs": _crumbs()})


@login_required
def organisation_create(request):
    access.require(request.user, ORGANISATIONS)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                organisation = services.organisation_create(actor=request.user, **form.values())
            except DomainError as exc:
                _refused(request, form, exc)
            else:
                messages.success(request, _("The organisation %(name)s was created. Its members "
                                            "can now be given roles on their user pages.")
                                 % {"name": organisation.name})
                return redirect("admin-organisations")
        else:
            messages.error(request, NOT_SAVED)
    return render(request, "accounts/administration/simple_form.html", {
        "form": form, "title": _("Add an organisation"), "button": _("Add the organisation"),
        "cancel": reverse("admin-organisations"),
        "breadcrumbs": _organisations_crumbs()}, status=400 if form.errors else 200)


@login_required
def organisation_edit(request, pk):
    access.require(request.user, ORGANISATIONS)
    organisation = or_404(selectors.organisation_get, user=request.user, pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST":
        if form.is_valid():
            try:
                changed = services.organisation_update(actor=request.user,
                                                       organisation=organisation, **form.values())
            except DomainError as exc:
                _refused(request, form, exc)
            else:
                if changed:
                    organisation.refresh_from_db()
                    messages.success(request, _("The organisation %(name)s was saved.")
                                     % {"name": organisation.name})
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect("admin-organisations")
        else:
            messages.error(request, NOT_SAVED)
    members = selectors.active_members(user=request.user, organisation=organisation)
    return render(request, "accounts/administration/simple_form.html", {
        "form": form, "title": _("Change %(name)s") % {"name": organisation.name},
        "intro": _("Code: %(code)s (it never changes). Active members: %(count)d.")
        % {"code": organisation.code, "count": members},
        "button": _("Save"), "cancel": reverse("admin-organisations"),
        "breadcrumbs": _organisations_crumbs()}, status=400 if form.errors else 200)

