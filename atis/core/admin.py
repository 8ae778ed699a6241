"""The admin site: users, organisations and reference data — never case content."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atis.audit import services as audit
from atis.core import administrators, services
from atis.core.admin_audit import AuditedAdmin
from atis.core.errors import DomainError
from atis.core.models import AdminRequest, Membership, Organisation, Team, User


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["code", "name_en", "type", "municipality", "active"]
    list_filter = ["type", "active", "region"]
    search_fields = ["code", "name_en", "name_sr_latn", "name_sr_cyrl"]
    autocomplete_fields = ["parent"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


@admin.register(Team)
class TeamAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["name", "organisation"]
    search_fields = ["name"]
    autocomplete_fields = ["organisation"]


class MembershipForm(forms.ModelForm):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500, required=False,
                             help_text=administrators.APPROVAL_HELP)

    class Meta:
        model = Membership
        fields = ["user", "organisation", "role", "team"]

    def clean(self):
        data = super().clean()
        if data.get("organisation") and data.get("role"):
            try:
                services.check_role(data["organisation"], data["role"])
            except DomainError as exc:
                raise ValidationError(exc.fields["role"]) from None
        if data.get("user") and administrators.needs_approval(data.get("role")) and \
                AdminRequest.objects.filter(target=data["user"], kind=AdminRequest.Kind.GRANT_ROLE,
                                            status=AdminRequest.Status.PENDING).exists():
            raise ValidationError(_("A request to give this user a role is already waiting "
                                    "for a decision."))
        return data


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Granting a membership ends the user's previous one; existing rows are history."""

    form = MembershipForm
    list_display = ["user", "organisation", "role", "team", "active", "started_at", "ended_at"]
    list_filter = ["role", "active"]
    search_fields = ["user__username", "organisation__name_en"]
    autocomplete_fields = ["user", "organisation", "team"]
    actions = ["end_memberships"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        return [*MembershipForm.Meta.fields, "reason"]

    def save_model(self, request, obj, form, change):
        """A role that sees identities becomes a request another administrator decides."""
        data = form.cleaned_data
        try:
            saved = services.membership_request(
                actor=request.user, user=data["user"], organisation=data["organisation"],
                role=data["role"], team=data.get("team"), reason=data.get("reason", ""))
        except DomainError as exc:
            raise PermissionDenied(" ".join(m for ms in exc.fields.values() for m in ms)) \
                from None
        if isinstance(saved, AdminRequest):
            request.atis_admin_request = saved
        else:
            obj.pk = saved.pk

    def log_addition(self, request, obj, message):
        if obj.pk is not None:
            return super().log_addition(request, obj, message)
        return None

    def response_add(self, request, obj, post_url_continue=None):
        filed = getattr(request, "atis_admin_request", None)
        if filed is None:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(request, _("The role sees identities: a request was filed. Another "
                                     "administrator must approve it."), messages.WARNING)
        return HttpResponseRedirect(reverse("admin:core_adminrequest_changelist"))

    @admin.action(description=gettext_lazy("End the selected memberships (withdraw access)"))
    def end_memberships(self, request, queryset):
        for membership in queryset.filter(active=True).select_related("user"):
            services.membership_end(actor=request.user, user=membership.user)


@admin.register(AdminRequest)
class AdminRequestAdmin(admin.ModelAdmin):
    """Requests that need a second administrator (four eyes): approve or reject the
    selected ones; the requester withdraws their own. Decided requests are history."""

    list_display = ["kind", "target", "role", "organisation", "team", "status", "requested_by",
                    "requested_at", "decided_by", "decided_at", "reason"]
    list_filter = ["status", "kind"]
    search_fields = ["target__username", "requested_by__username"]
    actions = ["approve", "reject", "cancel"]
    readonly_fields = list_display

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(
            "target", "organisation", "team", "requested_by", "decided_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def _decide(self, request, queryset, service, done: str):
        count = 0
        for admin_request in queryset:
            try:
                service(actor=request.user, request=admin_request)
            except DomainError as exc:
                self.message_user(request, f"{admin_request}: " + " ".join(
                    m for ms in exc.fields.values() for m in ms), messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Approve the selected requests"),
                  permissions=["change"])
    def approve(self, request, queryset):
        self._decide(request, queryset, services.admin_request_approve,
                     _("Requests approved: %(count)d."))

    @admin.action(description=gettext_lazy("Reject the selected requests"),
                  permissions=["change"])
    def reject(self, request, queryset):
        self._decide(request, queryset, services.admin_request_reject,
                     _("Requests rejected: %(count)d."))

    @admin.action(description=gettext_lazy("Withdraw the selected requests (your own)"),
                  permissions=["change"])
    def cancel(self, request, queryset):
        self._decide(request, queryset, services.admin_request_cancel,
                     _("Requests withdrawn: %(count)d."))


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    can_delete = False
    readonly_fields = ["organisation", "role", "team", "active", "started_at", "ended_at"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "is_active"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Personal info", {"fields": ["first_name", "last_name", "email"]}),
        ("Status", {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    actions = ["request_mfa_reset"]

    @admin.action(description=gettext_lazy("Reset two-step verification (needs a second "
                                           "administrator)"), permissions=["change"])
    def request_mfa_reset(self, request, queryset):
        for user in queryset:
            try:
                services.admin_request_create(actor=request.user,
                                              kind=AdminRequest.Kind.RESET_MFA, target=user)
            except DomainError as exc:
                self.message_user(request, f"{user}: " + " ".join(
                    m for ms in exc.fields.values() for m in ms), messages.ERROR)
            else:
                self.message_user(request, _("%(user)s: a request to reset two-step "
                                             "verification was filed; another administrator "
                                             "must approve it.") % {"user": user},
                                  messages.WARNING)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            audit.record(request.user, "admin.user.password", self.get_object(request, id))
        return response
