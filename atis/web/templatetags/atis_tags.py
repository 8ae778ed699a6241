from django import template

from atis.reference.selectors import label

register = template.Library()


@register.filter
def term(code: str, list_code: str) -> str:
    """The label of a reference-data code in the active language (the code if unknown)."""
    return label(list_code, code)
