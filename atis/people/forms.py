from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atis.people.identifiers import TEXT_LIMITS
from atis.people.models import REASON_MAX_LENGTH
from atis.reference import selectors as reference


class PersonForm(forms.Form):
    given_name = forms.CharField(label=_("Given name"), max_length=TEXT_LIMITS["given_name"],
                                 required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=TEXT_LIMITS["family_name"],
                                  required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    birth_year = forms.IntegerField(label=_("Year of birth (if the date is not known)"),
                                    required=False, min_value=1900)
    sex = forms.ChoiceField(label=_("Sex"))
    citizenships = forms.MultipleChoiceField(label=_("Citizenship"), required=False)
    languages = forms.MultipleChoiceField(label=_("Languages"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    confirm_new = forms.BooleanField(label=_("I checked the possible matches: this is a "
                                             "different person."), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].choices = reference.choices("sex")
        self.fields["citizenships"].choices = reference.country_choices()
        self.fields["languages"].choices = reference.language_choices()
        self.fields["birth_year"].max_value = timezone.localdate().year

    def identity(self) -> dict:
        data = self.cleaned_data
        return {"given_name": data["given_name"], "family_name": data["family_name"],
                "date_of_birth": data["date_of_birth"],
                "phones": [data["phone"]] if data["phone"] else []}


class IdentityRequestForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reading the identity"), max_length=500,
                             required=False, widget=forms.Textarea(attrs={"rows": 2}))


class StaffChoiceField(forms.ModelChoiceField):
    """Centre staff, shown by their full name."""

    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class ReassignForm(forms.Form):
    """Transfer a case. The rules (exactly one assignee, not the current one, a reason, a
    date not in the future) are the service's, so the page and the API say the same."""

    user = StaffChoiceField(label=_("Caseworker"), required=False, queryset=None,
                            empty_label=_("Choose a caseworker"),
                            help_text=_("Choose a caseworker or a team, not both."))
    team = forms.ModelChoiceField(label=_("Team"), required=False, queryset=None,
                                  empty_label=_("Choose a team"))
    reason = forms.CharField(
        label=_("Reason for the reassignment"), required=False, max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept with the case history, which Centre managers read. Give the "
                    "reason, not details of the person."))
    effective_on = forms.DateField(
        label=_("Effective from"), required=False, initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"},
                               format="%Y-%m-%d"),
        help_text=_("Today, or an earlier day if the case changed hands before."))

    def __init__(self, *args, staff, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff
        self.fields["team"].queryset = teams
        # The date picker offers no future day (the service refuses one all the same).
        self.fields["effective_on"].widget.attrs["max"] = timezone.localdate().isoformat()
