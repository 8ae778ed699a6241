from django import template

from atis.reference.models import Term

register = template.Library()


@register.filter
def term(code: str, list_code: str) -> str:
    """The label of a reference-data code in the active language (the code if unknown)."""
    found = Term.objects.filter(list=list_code, code=code).first()
    return found.label if found else code
