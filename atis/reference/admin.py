from django.contrib import admin

from atis.core.admin_audit import AuditedAdmin
from atis.reference.models import Country, Language, Term


class LabelledAdmin(AuditedAdmin, admin.ModelAdmin):
    """Labels are editable; codes are stable and cannot be changed or deleted."""

    list_display = ["code", "label_en", "label_sr_latn", "label_sr_cyrl", "active"]
    search_fields = ["code", "label_en", "label_sr_latn", "label_sr_cyrl"]
    list_filter = ["active"]

    def get_readonly_fields(self, request, obj=None):
        return ["code", *self.stable_fields] if obj else []

    stable_fields: list[str] = []

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Term)
class TermAdmin(LabelledAdmin):
    list_display = ["list", *LabelledAdmin.list_display, "htcds"]
    list_filter = ["list", "active"]
    stable_fields = ["list"]


@admin.register(Country)
class CountryAdmin(LabelledAdmin):
    stable_fields = ["alpha3", "numeric"]


@admin.register(Language)
class LanguageAdmin(LabelledAdmin):
    stable_fields = ["alpha3"]
