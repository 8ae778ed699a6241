from django import forms
from django.utils.translation import gettext_lazy as _


class CodeInput(forms.TextInput):
    """A one-time code is not shown again after a mistake: the next try needs a new one."""

    def format_value(self, value):
        return None


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32, strip=True, widget=CodeInput(
        attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false",
               "autofocus": True}))


class UnlockForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
