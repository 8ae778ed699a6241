from atis.core.errors import DomainError


def apply_domain_error(form, exc: DomainError) -> None:
    """Show a service's refusal on the form: on the field it names, or above the form."""
    for field, msgs in exc.fields.items():
        for message in msgs:
            form.add_error(field if field in form.fields else None, message)


def errors_text(errors) -> str:
    """A form's or a DomainError's messages as one line for a flash message."""
    return " ".join(str(m) for messages in errors.values() for m in messages)
