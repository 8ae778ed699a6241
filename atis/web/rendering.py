"""Every Django form renders through GOV.UK Frontend's form components: an error summary that
names each field and links to it, each field in a form group with its label, hint and error
message, and the widget styled by its kind. A bound form re-renders with what was typed."""

from django import forms
from django.forms.renderers import TemplatesSetting

# The design system's class for each kind of widget (by the widget's input_type or class).
WIDGET_CLASSES = {
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "textarea": "govuk-textarea",
    "checkbox": "govuk-checkboxes__input",
    "file": "govuk-file-upload",
}
CHOICE_LISTS = (forms.CheckboxSelectMultiple, forms.RadioSelect)


class FormRenderer(TemplatesSetting):
    form_template_name = "web/forms/form.html"
    field_template_name = "web/forms/field.html"


def widget_kind(widget) -> str:
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.SelectMultiple):
        return "selectmultiple"
    if isinstance(widget, forms.Select):
        return "select"
    return getattr(widget, "input_type", None) or "text"


def error_anchor(field) -> str:
    """The id an error summary links to: the field's input, or its first option."""
    if isinstance(field.field.widget, CHOICE_LISTS):
        return f"{field.auto_id}_0"
    return field.id_for_label


def widget_html(field) -> str:
    """The bound field's widget with the design system's classes (and its error state)."""
    kind = widget_kind(field.field.widget)
    if kind in ("radios", "checkboxes"):
        return field.as_widget()
    css = WIDGET_CLASSES.get(kind, "govuk-input")
    if field.errors and kind != "checkbox":
        css += f" {css}--error"
    own = field.field.widget.attrs.get("class")
    return field.as_widget(attrs={"class": f"{css} {own}" if own else css})
