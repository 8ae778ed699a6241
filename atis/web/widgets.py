"""Drop-down lists rendered in Python: the same HTML as Django's Select templates, without
a template include per option. A page with several forms over the organisations (128) and
the countries (250) otherwise spends most of its time rendering <option> elements."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class _Options:
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts += [format_html('<option value="{}"{}>{}</option>', str(option["value"]),
                                  flatatt(option["attrs"]), option["label"]) for option in options]
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))


class FastSelect(_Options, forms.Select):
    pass


class FastSelectMultiple(_Options, forms.SelectMultiple):
    pass


FAST = {forms.Select: FastSelect, forms.SelectMultiple: FastSelectMultiple}


def fast_selects(*forms_or_formsets) -> None:
    """Give the drop-down lists of these forms (and of the formsets' forms) the Python
    renderer; other widgets are left as they are."""
    for item in forms_or_formsets:
        for form in getattr(item, "forms", None) or [item]:
            for field in form.fields.values():
                fast = FAST.get(type(field.widget))
                if fast is not None:
                    field.widget.__class__ = fast
