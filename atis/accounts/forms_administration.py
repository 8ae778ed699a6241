"""Forms of the administration pages (users, memberships, role grants, organisations). They
check what a form can; the services decide (and their refusals land on the fields)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from atis.core import administrators
from atis.core.models import Organisation, Team
from atis.core.roles import Role
from atis.web.widgets import FastSelect

ONE_TIME_HELP = _("Give it to the user yourself (in person or by phone), never in the same "
                  "message as the username. They must choose their own password when they "
                  "first sign in.")


def _organisations():
    return Organisation.objects.filter(active=True).order_by("type", "name_en", "code")


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.organisation.name} — {obj.name}"


class _OneTimePassword(forms.Form):
    password1 = forms.CharField(
        label=_("One-time password"), strip=False, help_text=ONE_TIME_HELP,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(
        label=_("One-time password again"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and \
                data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords are not the same."))
        return data


class _Grant(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none(),
                                          widget=FastSelect)
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Choose a role")), *Role.choices])
    team = TeamChoiceField(label=_("Team (optional)"), queryset=Team.objects.none(), required=False,
                           widget=FastSelect)
    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False,
                             help_text=administrators.APPROVAL_HELP,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()
        self.fields["team"].queryset = Team.objects.select_related("organisation").order_by(
            "organisation__name_en", "name")

    def grant(self) -> dict:
        data = self.cleaned_data
        return {"organisation": data["organisation"], "role": data["role"],
                "team": data.get("team"), "reason": data.get("reason", "")}


class UserCreateForm(_OneTimePassword, _Grant):
    username = forms.CharField(label=_("Username"), max_length=150, help_text=_(
        "What the user signs in with. Letters, digits and @ . + - _ only; it never changes."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none",
                                      "spellcheck": "false"}))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254, required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "off",
                                                            "spellcheck": "false"}))

    field_order = ["username", "first_name", "last_name", "email", "password1", "password2",
                   "organisation", "role", "team", "reason"]

    def account(self) -> dict:
        data = self.cleaned_data
        return {"username": data["username"], "first_name": data["first_name"],
                "last_name": data["last_name"], "email": data.get("email", ""),
                "password": data["password1"], **self.grant()}


class UserEditForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254, required=False,
                             widget=forms.EmailInput(attrs={"spellcheck": "false"}))


class PasswordSetForm(_OneTimePassword):
    pass


class MembershipGrantForm(_Grant):
    pass


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Why the request is rejected (optional)"), max_length=500,
                             required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("The administrator who filed it reads this."))


class OrganisationForm(forms.ModelForm):
    """The organisation's fields; its code is set once, when it is created."""

    class Meta:
        model = Organisation
        fields = ["code", "name_en", "name_sr_latn", "name_sr_cyrl", "type", "parent",
                  "municipality", "region", "active"]
        widgets = {"parent": FastSelect, "type": FastSelect}
        help_texts = {"name_sr_cyrl": _("Left empty: the Latin name written in Cyrillic.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_sr_cyrl"].required = False
        parents = Organisation.objects.order_by("type", "name_en")
        if self.instance.pk:
            del self.fields["code"]
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents

    def _post_clean(self):
        """Validation is the service's (organisation_create / _update): the form leaves
        the instance alone."""

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}
