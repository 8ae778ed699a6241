from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atis.core import access
from atis.core.errors import DomainError

# A refused form is shown again with what was typed and each error at its field.
NOT_SAVED = gettext_lazy("Nothing was saved: correct what the form marks and send it again.")


def apply_domain_error(form, exc: DomainError) -> None:
    """Show a service's refusal on the form: on the field it names, or above the form."""
    for field, msgs in exc.fields.items():
        for message in msgs:
            form.add_error(field if field in form.fields else None, message)


def errors_text(errors) -> str:
    """A form's or a DomainError's messages as one line for a flash message."""
    return " ".join(str(m) for messages in errors.values() for m in messages)


def run_action(request, form, action, *, requires: str | None = None) -> bool:
    """Validate `form` and call `action(cleaned_data)`; report the outcome as a message.
    Pages redirect afterwards, so a reload never repeats an action. `requires`: the policy
    action the user's role must allow, checked before the form (a refused role gets 403,
    not the form's errors)."""
    if requires is not None:
        access.require(request.user, requires)
    if not form.is_valid():
        messages.error(request, NOT_SAVED)
        return False
    try:
        action(form.cleaned_data)
    except DomainError as exc:
        apply_domain_error(form, exc)
        messages.error(request, NOT_SAVED)
        return False
    except ObjectDoesNotExist:
        messages.error(request, _("That record does not exist or is not yours to change."))
        return False
    messages.success(request, _("Saved."))
    return True
