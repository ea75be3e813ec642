"""Staff writes through the Django admin leave an audit row, as a service call would.

The admin's own log (`LogEntry`) is not the platform's audit: `AuditedAdmin` mirrors every admin addition,
change (inline edits and password changes included) and deletion (one object or the bulk action) into
`lms.audit`. Django calls these hooks inside the admin view's transaction, so the row and the write commit
together. Models whose writes carry rules (workflows, evidence, notices sent once) do not rely on this: their
admin calls the app's audited services or is read-only.
"""

from django.contrib import admin

from lms.audit import audit_record


def admin_action(obj, verb: str) -> str:
    return f"admin.{obj._meta.label_lower}.{verb}"


def _changes(request, obj) -> dict:
    """The new values of the fields the form changed (stashed by save_model), as JSON-safe text."""
    changed = getattr(request, "_audit_changed", {}).get((obj._meta.label_lower, obj.pk), {})
    return {name: _text(value) for name, value in changed.items()}


def _text(value):
    if hasattr(value, "__iter__") and not isinstance(value, str | bytes | dict):
        return [str(item) for item in value]  # many-to-many choices
    return str(value)


class AuditedAdmin(admin.ModelAdmin):
    audit_additions = True  # False where save_model calls a service that writes its own audit row

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        stash = request.__dict__.setdefault("_audit_changed", {})
        stash[(obj._meta.label_lower, obj.pk)] = {n: form.cleaned_data.get(n) for n in form.changed_data}

    def log_addition(self, request, obj, message):
        if self.audit_additions:
            audit_record(
                actor=request.user,
                action=admin_action(obj, "create"),
                obj=obj,
                summary=str(obj),
                after={"fields": _changes(request, obj), "admin": message},
            )
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        audit_record(
            actor=request.user,
            action=admin_action(obj, "change"),
            obj=obj,
            summary=str(obj),
            after={"fields": _changes(request, obj), "admin": message},
        )
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        objects = list(queryset)  # logged before the deletion, while the rows still exist
        for obj in objects:
            audit_record(actor=request.user, action=admin_action(obj, "delete"), obj=obj, summary=str(obj))
        return super().log_deletions(request, objects)


class ReadOnlyAdmin(admin.ModelAdmin):
    """For rows written only by services (with their rules and audit): staff look, nobody edits here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
