from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atis.core.models import Organisation
from atis.identification.forms import CodedForm
from atis.justice.models import DamagedParty, ImpunityFlag, LegalAssistanceRequest, ProceedingEvent
from atis.reference import selectors as reference

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
# The day a step happened: today unless the user enters the day it really happened (left
# empty: today).
TODAY = {**DATE, "initial": timezone.localdate, "required": False}


def _orgs(*types):
    return Organisation.objects.filter(active=True, type__in=types).order_by("name_en")


class CaseForm(CodedForm):
    opened_on = forms.DateField(label=_("Criminal report filed on"), **TODAY)
    offences = forms.MultipleChoiceField(label=_("Offences"), widget=forms.CheckboxSelectMultiple)
    offences.list_code = "offence"
    police_administration = forms.ModelChoiceField(label=_("Police administration"), required=False,
                                                   queryset=_orgs("police_administration"))
    prosecutor_office = forms.ModelChoiceField(label=_("Public prosecutor's office"), required=False,
                                               queryset=_orgs("prosecutor_office"))
    police_number = forms.CharField(label=_("Police case number"), max_length=50, required=False)
    prosecution_number = forms.CharField(label=_("Prosecution case number"), max_length=50,
                                         required=False)
    special_evidence = forms.BooleanField(label=_("Special evidence-gathering actions"), required=False)
    financial_investigation = forms.BooleanField(label=_("Parallel financial investigation"),
                                                 required=False)
    digital_evidence = forms.BooleanField(label=_("Digital evidence"), required=False)


class DefendantForm(CodedForm):
    sex = forms.ChoiceField(label=_("Sex"))
    sex.list_code = "sex"
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900)
    citizenship = forms.ChoiceField(label=_("Citizenship"), required=False)
    role = forms.ChoiceField(label=_("Role in the process"))
    role.list_code = "defendant_role"
    person = forms.CharField(label=_("Also a person known to the Centre (pseudonym)"), max_length=20,
                             required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["citizenship"].choices = [("", "—"), *reference.country_choices()]


class DamagedPartyForm(forms.Form):
    person = forms.CharField(label=_("Victim's pseudonym"), max_length=20)


class ProtectionForm(forms.Form):
    pvw_status = forms.ChoiceField(label=_("Particularly vulnerable witness"),
                                   choices=DamagedParty.Pvw.choices)
    proxy = forms.BooleanField(label=_("Proxy appointed"), required=False)
    video_link = forms.BooleanField(label=_("Testimony by video link"), required=False)
    separate_room = forms.BooleanField(label=_("Testimony from a separate room"), required=False)
    public_excluded = forms.BooleanField(label=_("Public excluded"), required=False)
    claim_route = forms.ChoiceField(label=_("Compensation claim"), required=False,
                                    choices=DamagedParty.ClaimRoute.choices)
    compensation_claimed = forms.DecimalField(label=_("Claimed (RSD)"), required=False, min_value=0)
    compensation_awarded = forms.DecimalField(label=_("Awarded (RSD)"), required=False, min_value=0)
    compensation_paid = forms.DecimalField(label=_("Paid (RSD)"), required=False, min_value=0)


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Event"), choices=ProceedingEvent.Kind.choices)
    on = forms.DateField(label=_("Date"), **TODAY)
    defendant = forms.ChoiceField(label=_("Defendant"), required=False)
    damaged_party = forms.ChoiceField(label=_("Damaged party"), required=False)
    court = forms.ModelChoiceField(label=_("Court"), required=False, queryset=_orgs("court"))
    sentence_months = forms.IntegerField(label=_("Prison sentence (months)"), required=False,
                                         min_value=0, max_value=600)
    fine = forms.DecimalField(label=_("Fine (RSD)"), required=False, min_value=0)
    confiscation = forms.BooleanField(label=_("Confiscation of proceeds"), required=False)
    outcome = forms.ChoiceField(label=_("Final outcome"), required=False, choices=[
        ("", "—"), ("convicted", _("convicted")), ("acquitted", _("acquitted")),
        ("rejected", _("charges rejected"))])
    reclassified_to = forms.ChoiceField(label=_("Reclassified to"), required=False)

    # The fields that belong to some kinds of event only: the page shows (and sends) each
    # of them for those kinds alone (atis.js, data-atis-kinds); without scripts, all show.
    _COURT = ("indictment", "information", "plea_agreement", "conviction", "acquittal",
              "rejection", "appeal", "final_judgement", "detention_ordered",
              "detention_extended", "detention_ended", "restraining_order",
              "psychiatric_treatment", "hearing", "victim_interview", "pvw_granted")
    _SENTENCE = ("plea_agreement", "conviction", "final_judgement")
    KINDS_OF_FIELD = {"court": _COURT, "sentence_months": _SENTENCE, "fine": _SENTENCE,
                      "confiscation": _SENTENCE, "outcome": ("final_judgement",),
                      "reclassified_to": ("reclassification",)}

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["data-atis-kind-switch"] = ""
        for name, kinds in self.KINDS_OF_FIELD.items():
            self.fields[name].widget.attrs["data-atis-kinds"] = " ".join(kinds)
        self.fields["reclassified_to"].choices = [("", "—"), *reference.choices("offence")]
        if case is not None:
            self.fields["defendant"].choices = [("", "—"), *(
                (d.pseudonym, d.pseudonym) for d in case.defendants.all())]
            self.fields["damaged_party"].choices = [("", "—"), *(
                (p.person.pseudonym, p.person.pseudonym)
                for p in case.damaged_parties.select_related("person"))]


class RiskForm(forms.Form):
    level = forms.ChoiceField(label=_("Risk"), choices=[("low", _("low")), ("medium", _("medium")),
                                                        ("high", _("high"))])
    outcome = forms.CharField(label=_("Assessment and safety measures"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    assessed_on = forms.DateField(label=_("Assessed on"), **TODAY)


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("The Centre's opinion"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    on = forms.DateField(label=_("Opinion given on"), **TODAY)


class ImpunityFlagForm(forms.Form):
    person = forms.CharField(label=_("Pseudonym"), max_length=20)
    kind = forms.ChoiceField(label=_("Proceedings"), choices=ImpunityFlag.Kind.choices)
    institution = forms.ModelChoiceField(label=_("Institution"), required=False,
                                         queryset=_orgs("court", "prosecutor_office",
                                                        "police_administration"))
    case_number = forms.CharField(label=_("Case number"), max_length=50, required=False)
    flagged_on = forms.DateField(label=_("Flagged on"), **TODAY)


class LegalAssistanceForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=LegalAssistanceRequest.Direction.choices)
    type = forms.ChoiceField(label=_("Type"), choices=LegalAssistanceRequest.Type.choices)
    country = forms.ChoiceField(label=_("Country"))
    requested_on = forms.DateField(label=_("Requested on"), **TODAY)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = reference.country_choices()


class LegalOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=LegalAssistanceRequest.Outcome.choices)
    on = forms.DateField(label=_("On"), **TODAY)
