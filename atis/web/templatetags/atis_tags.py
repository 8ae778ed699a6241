from django import template

from atis.reference.selectors import label
from atis.web import lists, rendering

register = template.Library()


@register.filter
def term(code: str, list_code: str) -> str:
    """The label of a reference-data code in the active language (the code if unknown)."""
    return label(list_code, code)


@register.filter
def widget_kind(field) -> str:
    return rendering.widget_kind(field.field.widget)


@register.filter
def govuk_widget(field) -> str:
    """The field's widget with the design system's classes (see atis.web.rendering)."""
    return rendering.widget_html(field)


@register.filter
def error_anchor(field) -> str:
    return rendering.error_anchor(field)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current address's query string with `changes` (e.g. another page)."""
    return lists.query_with(context["request"].GET, **changes)
