from django import forms
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.utils.translation import gettext_lazy as _


class CodeInput(forms.TextInput):
    """A one-time code is not shown again after a mistake: the next try needs a new one."""

    def format_value(self, value):
        return None


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32, strip=True, widget=CodeInput(
        attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false",
               "autofocus": True}))

    def __init__(self, *args, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = label


class UnlockForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Django's form; after a one-time password the new one must be another."""

    def clean(self):
        data = super().clean()
        new = data.get("new_password1")
        if new and self.user.password_change_required and self.user.check_password(new):
            self.add_error("new_password1", _("Choose a password of your own, not the one-time "
                                              "password you were given."))
        return data
