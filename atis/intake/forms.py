from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atis.core.models import Organisation, User
from atis.core.roles import CENTRE_ROLES, Role
from atis.intake.models import IndicatorChecklist
from atis.reference import selectors as reference

# The report source that fits the reporter's own organisation.
SOURCE_FOR_ORGANISATION = {
    "police_administration": "police_administration", "prosecutor_office": "prosecutor_office",
    "association": "association", "hotline": "association",
    "social_work_centre": "social_work_centre", "school": "school", "health": "health",
    "labour_inspection": "labour_inspection", "international_org": "international_organisation",
    "centre": "centre", "court": "misdemeanour_court",
}


def day_field(label, *, initial=timezone.localdate, **kwargs) -> forms.DateField:
    """The day a step happened: today unless changed; left empty, now (the service checks
    it)."""
    return forms.DateField(label=label, required=False, initial=initial,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           **kwargs)


class ReportForm(forms.Form):
    received_at = day_field(_("Received on"))
    channel = forms.ChoiceField(label=_("How the report reached you"))
    source_type = forms.ChoiceField(label=_("Source of the report"))
    suspected_forms = forms.MultipleChoiceField(label=_("Suspected forms of exploitation"),
                                                required=False, widget=forms.CheckboxSelectMultiple)
    exploitation_place = forms.CharField(label=_("Place of suspected exploitation"), max_length=100,
                                         required=False)
    exploitation_country = forms.ChoiceField(label=_("Country of suspected exploitation"),
                                             required=False)
    narrative = forms.CharField(label=_("What happened (facts, who, where, when)"), max_length=10000,
                                required=False, widget=forms.Textarea(attrs={"rows": 6}))
    reporter_contact = forms.CharField(label=_("Contact of an external reporter (if any)"),
                                       max_length=300, required=False)
    checklist = forms.ChoiceField(label=_("Indicator checklist"), required=False)
    indicators = forms.MultipleChoiceField(label=_("Indicators observed"), required=False,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, user, checklist_code: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = reference.choices("report_channel")
        self.fields["source_type"].choices = reference.choices("report_source")
        self.fields["suspected_forms"].choices = reference.choices("exploitation_form")
        self.fields["exploitation_country"].choices = [("", "—"), *reference.country_choices()]
        lists = IndicatorChecklist.objects.filter(kind="preliminary", current=True)
        self.fields["checklist"].choices = [("", "—"), *((c.code, c.title) for c in lists)]
        chosen = lists.filter(code=checklist_code).first()
        self.fields["indicators"].choices = [(i.code, i.text) for i in chosen.indicators.all()] \
            if chosen else []
        if user.role not in CENTRE_ROLES:  # others' reports are received when they send them
            del self.fields["received_at"]
        if not self.is_bound:
            org_type = user.organisation.type if user.organisation else ""
            self.initial.setdefault("source_type", SOURCE_FOR_ORGANISATION.get(org_type, "other"))
            self.initial.setdefault("channel", "app_api" if user.role not in CENTRE_ROLES
                                    else "phone")
            self.initial.setdefault("checklist", checklist_code)


class ReportPersonForm(forms.Form):
    pseudonym = forms.CharField(label=_("Person already on record (pseudonym)"), max_length=20,
                                required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    sex = forms.ChoiceField(label=_("Sex"), required=False)
    birth_year = forms.IntegerField(label=_("Year of birth (or approximate)"), required=False,
                                    min_value=1900)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    citizenship = forms.ChoiceField(label=_("Citizenship"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def __init__(self, *args, centre: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].choices = [("", "—"), *reference.choices("sex")]
        self.fields["citizenship"].choices = [("", "—"), *reference.country_choices()]
        if not centre:
            del self.fields["pseudonym"]

    def has_person(self) -> bool:
        return any(self.cleaned_data.get(k) for k in ("pseudonym", "given_name", "family_name",
                                                      "birth_year", "date_of_birth", "phone"))

    def person(self) -> dict:
        data = self.cleaned_data
        if data.get("pseudonym"):
            return {"pseudonym": data["pseudonym"].strip()}
        identity = {"given_name": data["given_name"], "family_name": data["family_name"],
                    "date_of_birth": data["date_of_birth"],
                    "phones": [data["phone"]] if data["phone"] else []}
        return {"sex": data["sex"] or "unknown", "birth_year": data["birth_year"],
                "citizenships": [data["citizenship"]] if data["citizenship"] else [],
                "identity": identity}


PersonFormSet = forms.formset_factory(ReportPersonForm, extra=2, max_num=10)


class AcceptForm(forms.Form):
    lead_caseworker = forms.ModelChoiceField(
        label=_("Lead caseworker"), required=False, empty_label=_("me"),
        queryset=User.objects.filter(memberships__active=True, memberships__role__in=[
            Role.CENTRE_CASEWORKER, Role.CENTRE_MANAGER]).distinct().order_by("username"))
    accepted_at = day_field(_("Accepted on"))


class DismissForm(forms.Form):
    dismissed_at = day_field(_("Dismissed on"))
    reason = forms.ChoiceField(label=_("Reason"))
    referred_to = forms.ModelChoiceField(label=_("Refer the person to"), required=False,
                                         queryset=Organisation.objects.filter(active=True))
    note = forms.CharField(label=_("Note"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = reference.choices("dismissal_reason")


class HotlineCallForm(forms.Form):
    received_at = day_field(_("Call received on"))
    caller = forms.ChoiceField(label=_("Caller"))
    first_contact = forms.BooleanField(label=_("First contact"), required=False, initial=True)
    persons_concerned = forms.IntegerField(label=_("Persons concerned"), min_value=0,
                                           max_value=100, initial=1)
    summary = forms.CharField(label=_("Summary"), max_length=5000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.ChoiceField(label=_("Outcome"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caller"].choices = reference.choices("hotline_caller")
        self.fields["outcome"].choices = reference.choices("hotline_outcome")
