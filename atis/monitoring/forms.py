from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atis.coordination.models import CoordinationGroup
from atis.core.models import Organisation
from atis.core.roles import OrganisationType
from atis.monitoring.models import (
    Assessment,
    LocalTeamAssessment,
    ParticipantGroup,
    PreventionActivity,
    ProgressReport,
    Question,
    Questionnaire,
    Recommendation,
    RecommendationSource,
)
from atis.monitoring.prefill import PREFILLS

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
# The day a step happened: today unless the user enters the day it really happened (left
# empty: today).
TODAY = {**DATE, "initial": timezone.localdate, "required": False}


class ProgressForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=ProgressReport.Period.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000)
    month = forms.IntegerField(label=_("Month (monthly reports)"), required=False, min_value=1,
                               max_value=12)
    status = forms.ChoiceField(label=_("Status"), choices=ProgressReport.Status.choices)
    narrative = forms.CharField(label=_("What was done"), max_length=10000, required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label=_("Evidence (documents, links)"), max_length=5000,
                               required=False)
    reported_on = forms.DateField(label=_("Reported on"), **TODAY)

    def __init__(self, *args, indicators=(), **kwargs):
        """One optional field per indicator of the activity, for its value."""
        super().__init__(*args, **kwargs)
        for indicator in indicators:
            self.fields[f"ind{indicator.pk}"] = forms.CharField(
                label=indicator.text[:120], max_length=200, required=False)

    def report(self) -> dict:
        data = self.cleaned_data
        values = {k[3:]: v for k, v in data.items() if k.startswith("ind") and v}
        return {"period": data["period"], "year": data["year"], "month": data["month"] or 0,
                "status": data["status"], "narrative": data["narrative"],
                "evidence": data["evidence"], "indicator_values": values,
                "reported_on": data["reported_on"]}


class ImportForm(forms.Form):
    code = forms.SlugField(label=_("Code of the new plan"), max_length=32)
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_on = forms.DateField(label=_("Starts on"), **DATE)
    ends_on = forms.DateField(label=_("Ends on"), **DATE)
    file = forms.FileField(label=_("XLSX file (from the template)"))


class AssessmentForm(forms.Form):
    period_year = forms.IntegerField(label=_("Reporting year"), min_value=2000)
    category = forms.ChoiceField(label=_("Category"), choices=Assessment.Category.choices)
    justification = forms.CharField(label=_("Justification"), max_length=10000,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label=_("Evidence"), max_length=10000, required=False)
    continue_monitoring = forms.BooleanField(label=_("Continue monitoring"), required=False,
                                             initial=True)
    needs_formalisation = forms.BooleanField(label=_("Needs formalisation"), required=False)
    assessed_on = forms.DateField(label=_("Assessed on"), **TODAY)


class SourceForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=32)
    kind = forms.ChoiceField(label=_("Kind"), choices=RecommendationSource.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=500)
    period_year = forms.IntegerField(label=_("Reporting year"), min_value=1990)
    published_on = forms.DateField(label=_("Published on"), required=False, **DATE)


class RecommendationForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=16)
    unit = forms.ChoiceField(label=_("Thematic unit"), choices=Recommendation.Unit.choices)
    text = forms.CharField(label=_("Recommendation"), max_length=10000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    addressees = forms.ModelMultipleChoiceField(
        label=_("Addressees"), required=False,
        queryset=Organisation.objects.filter(active=True).order_by("type", "name_en"))
    addressees_text = forms.CharField(label=_("Addressees (as written)"), max_length=5000,
                                      required=False)


class CampaignForm(forms.Form):
    year = forms.IntegerField(label=_("Reporting year"), min_value=2000)
    title = forms.CharField(label=_("Title"), max_length=200)
    due_on = forms.DateField(label=_("Answers due by"), **DATE)


class QuestionForm(forms.Form):
    unit = forms.ChoiceField(label=_("Thematic unit"), choices=Recommendation.Unit.choices)
    number = forms.CharField(label=_("Number"), max_length=16)
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    answer_type = forms.ChoiceField(label=_("Answer"), choices=Question.Answer.choices)
    audience = forms.ChoiceField(label=_("Asked of"), choices=[("all", _("all stakeholders")),
                                                               *OrganisationType.choices])
    prefill_key = forms.ChoiceField(label=_("Pre-fill from the records"), required=False,
                                    choices=[("", "—"), *((k, v[0]) for k, v in PREFILLS.items())])


class SendForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Stakeholders"),
        queryset=Organisation.objects.filter(active=True).order_by("type", "name_en"))
    kind = forms.ChoiceField(label=_("Questionnaire"), choices=Questionnaire.Kind.choices)
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=Questionnaire.LegalBasis.choices)
    sent_on = forms.DateField(label=_("Sent on"), **TODAY)


class ParticipantsForm(forms.Form):
    """Participants by professional category or group: one optional count each."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in ParticipantGroup.Category.choices:
            self.fields[f"p_{code}"] = forms.IntegerField(label=label, min_value=0, required=False)

    def participants(self) -> dict[str, int]:
        return {code: self.cleaned_data[f"p_{code}"] for code in ParticipantGroup.Category.values
                if self.cleaned_data.get(f"p_{code}")}

    def record(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("p_")}
        return {**data, "participants": self.participants()}


class TrainingForm(ParticipantsForm):
    topic = forms.CharField(label=_("Topic"), max_length=300)
    held_on = forms.DateField(label=_("Held on"), **TODAY)
    days = forms.IntegerField(label=_("Days"), min_value=1, initial=1)
    online = forms.BooleanField(label=_("Online"), required=False)
    funder = forms.CharField(label=_("Funder or project"), max_length=200, required=False)
    certified = forms.IntegerField(label=_("Certified"), min_value=0, initial=0)


class PreventionForm(ParticipantsForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=PreventionActivity.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_on = forms.DateField(label=_("Starts on"), **TODAY)
    ends_on = forms.DateField(label=_("Ends on"), required=False, **DATE)
    reach = forms.IntegerField(label=_("Reach"), min_value=0, initial=0)


class HotlineForm(forms.Form):
    hotline = forms.ModelChoiceField(
        label=_("Hotline (the Coordinator's office records for any)"), required=False,
        queryset=Organisation.objects.filter(active=True, type__in=[OrganisationType.HOTLINE,
                                                                    OrganisationType.ASSOCIATION]))
    period_start = forms.DateField(label=_("From"), **DATE)
    period_end = forms.DateField(label=_("To"), **DATE)
    calls_received = forms.IntegerField(label=_("Calls received"), min_value=0)
    calls_made = forms.IntegerField(label=_("Calls made"), min_value=0, initial=0)
    persons_concerned = forms.IntegerField(label=_("Persons concerned"), min_value=0, initial=0)
    first_contacts = forms.IntegerField(label=_("First-time contacts"), min_value=0, initial=0)
    known_contacts = forms.IntegerField(label=_("Known contacts"), min_value=0, initial=0)
    preliminary_identifications = forms.IntegerField(label=_("Preliminary identifications"),
                                                     min_value=0, initial=0)
    reports_to_centre = forms.IntegerField(label=_("Reports sent to the Centre"), min_value=0,
                                           initial=0)


class LocalTeamForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Local team"),
                                  queryset=CoordinationGroup.objects.filter(kind="local_team"))
    year = forms.IntegerField(label=_("Year"), min_value=2000)
    functional = forms.ChoiceField(label=_("Functionality"),
                                   choices=LocalTeamAssessment.Functional.choices)
    activities = forms.CharField(label=_("Activities"), max_length=5000, required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    assessed_on = forms.DateField(label=_("Assessed on"), **TODAY)
