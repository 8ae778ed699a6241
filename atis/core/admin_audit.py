from atis.audit import services as audit


class AuditedAdmin:
    """Mixin: every add, change and delete made in the admin site enters the audit trail."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action = "change" if change else "add"
        audit.record(request.user, f"admin.{obj._meta.model_name}.{action}", obj,
                     fields=sorted(form.changed_data))

    def delete_model(self, request, obj):
        audit.record(request.user, f"admin.{obj._meta.model_name}.delete", obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit.record(request.user, f"admin.{obj._meta.model_name}.delete", obj)
        super().delete_queryset(request, queryset)
