"""The admin site: users, organisations and reference data — never case content."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError

from atis.core import services
from atis.core.admin_audit import AuditedAdmin
from atis.core.errors import DomainError
from atis.core.models import Membership, Organisation, Team, User


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

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = services.membership_grant(actor=request.user, user=data["user"],
                                          organisation=data["organisation"], role=data["role"],
                                          team=data.get("team"))
        obj.pk = saved.pk

    @admin.action(description="End the selected memberships (withdraw access)")
    def end_memberships(self, request, queryset):
        for membership in queryset.filter(active=True).select_related("user"):
            services.membership_end(actor=request.user, user=membership.user)


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
