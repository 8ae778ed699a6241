"""The two domain exceptions every service raises; the API and the pages translate them."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Input or a transition the rules refuse. `fields` maps field names to messages;
    the API answers 400 with them and pages show them as form errors."""

    def __init__(self, fields: dict[str, str | list[str]] | str):
        if isinstance(fields, str):
            fields = {"non_field_errors": [fields]}
        self.fields = {k: [str(m) for m in (v if isinstance(v, list) else [v])]
                       for k, v in fields.items()}
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in self.fields.items()))

    @classmethod
    def from_django(cls, exc) -> "DomainError":
        """From django.core.exceptions.ValidationError (full_clean and validators)."""
        if hasattr(exc, "error_dict"):
            return cls({k: [m for e in v for m in e.messages] for k, v in exc.error_dict.items()})
        return cls({"non_field_errors": exc.messages})


class AccessDenied(PermissionDenied):
    """The access policy refused; the message says what, never whose data. Pages answer
    403, the API 403 with the message."""

    def __init__(self, message=None):
        self.message = str(message or _("You do not have access to this."))
        super().__init__(self.message)
