from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atis.core.models import Organisation
from atis.identification.forms import CodedForm
from atis.protection.models import Consent, PlanTask, ResidenceStatus, ShelterStay
from atis.reference import selectors as reference

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
# The day a step happened: today unless the user enters the day it really happened (left
# empty: today).
TODAY = {**DATE, "initial": timezone.localdate, "required": False}


def _orgs(**filters):
    return Organisation.objects.filter(active=True, **filters).order_by("type", "name_en")


def _coded(label, list_code, required=True):
    field = forms.ChoiceField(label=label, required=required)
    field.list_code = list_code
    return field


class ConsentForm(CodedForm):
    organisation = forms.ModelChoiceField(label=_("Shared with"), queryset=_orgs())
    area = forms.ChoiceField(label=_("Area of support"), required=False)
    share_identity = forms.BooleanField(label=_("The identity may be shared"), required=False)
    given_by = forms.ChoiceField(label=_("Given by"), choices=Consent.GivenBy.choices)
    given_on = forms.DateField(label=_("Given on"), **TODAY)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("every area")), *reference.choices("service_area")]


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), **TODAY)


class ConferenceForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), **TODAY)
    organisations = forms.ModelMultipleChoiceField(label=_("Participating organisations"),
                                                   queryset=_orgs())
    participants = forms.CharField(label=_("Participants (names and roles)"), max_length=2000,
                                   required=False, widget=forms.Textarea(attrs={"rows": 2}))
    victim_participated = forms.BooleanField(label=_("The victim took part"), required=False)
    guardian_participated = forms.BooleanField(label=_("The guardian took part"), required=False)
    decisions = forms.CharField(label=_("Decisions"), max_length=10000, required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))


class TaskForm(CodedForm):
    area = _coded(_("Area"), "service_area")
    goal = forms.CharField(label=_("Goal"), max_length=2000)
    organisation = forms.ModelChoiceField(label=_("Responsible organisation"), queryset=_orgs())
    due_on = forms.DateField(label=_("Deadline"), **DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "—"), *self.fields["area"].choices]


TaskFormSet = forms.formset_factory(TaskForm, extra=3, max_num=30)


class PlanForm(forms.Form):
    started_on = forms.DateField(label=_("Started on"), **TODAY)
    review_due = forms.DateField(label=_("Next review"), required=False, **DATE)
    social_work_centre = forms.ModelChoiceField(
        label=_("Centre for social work (child)"), required=False,
        queryset=_orgs(type="social_work_centre"))


class ReviseForm(forms.Form):
    revised_on = forms.DateField(label=_("Revised on"), **TODAY)
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)
    review_due = forms.DateField(label=_("Next review"), required=False, **DATE)


class CloseForm(CodedForm):
    reason = _coded(_("Reason"), "protection_closure_reason")
    closed_on = forms.DateField(label=_("Closed on"), **TODAY)


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[
        (PlanTask.Status.IN_PROGRESS, _("in progress")), (PlanTask.Status.DONE, _("done")),
        (PlanTask.Status.CANCELLED, _("cancelled"))])
    completed_on = forms.DateField(label=_("Done on"), **TODAY)


class ServiceForm(CodedForm):
    service = _coded(_("Service"), "service_type")
    delivered_on = forms.DateField(label=_("Delivered on"), **TODAY)
    task = forms.ModelChoiceField(label=_("Plan task"), required=False,
                                  queryset=PlanTask.objects.none())
    sessions = forms.IntegerField(label=_("Sessions"), min_value=1, max_value=100, initial=1)
    outcome = forms.CharField(label=_("Outcome"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, tasks=None, **kwargs):
        super().__init__(*args, **kwargs)
        if tasks is not None:
            self.fields["task"].queryset = tasks


class AdmitForm(forms.Form):
    admitted_on = forms.DateField(label=_("Admitted on"), **TODAY)
    accompanying_children = forms.IntegerField(label=_("Accompanying children"), min_value=0,
                                               max_value=10, initial=0)
    pregnant = forms.BooleanField(label=_("Pregnant"), required=False)


class ExtendForm(forms.Form):
    months = forms.IntegerField(label=_("Months"), min_value=1, max_value=6, initial=6)
    reason = forms.CharField(label=_("Assessed need"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=ShelterStay.Phase.choices)
    on = forms.DateField(label=_("From"), **TODAY)


class LeaveForm(CodedForm):
    left_on = forms.DateField(label=_("Left on"), **TODAY)
    reason = _coded(_("Reason"), "shelter_departure_reason")
    destination = forms.CharField(label=_("Destination"), max_length=100, required=False)


class ExaminationForm(CodedForm):
    examination = _coded(_("Examination"), "medical_examination")
    on = forms.DateField(label=_("On"), **TODAY)


class IncidentForm(forms.Form):
    on = forms.DateField(label=_("On"), **TODAY)
    description = forms.CharField(label=_("What happened"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    police_informed = forms.BooleanField(label=_("Police informed"), required=False)


class PlacementForm(CodedForm):
    kind = _coded(_("Type"), "placement_type")
    organisation = forms.ModelChoiceField(label=_("Provider"), queryset=_orgs(), required=False)
    started_on = forms.DateField(label=_("Started on"), **TODAY)
    ended_on = forms.DateField(label=_("Ended on"), required=False, **DATE)


class RefusalForm(CodedForm):
    kind = _coded(_("Type"), "placement_type")
    organisation = forms.ModelChoiceField(label=_("Refused by"), queryset=_orgs())
    requested_on = forms.DateField(label=_("Requested on"), **TODAY)
    refused_on = forms.DateField(label=_("Refused on"), **TODAY)
    reason = forms.CharField(label=_("Reason given"), max_length=300, required=False)


class ResidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ResidenceStatus.Kind.choices)
    applied_on = forms.DateField(label=_("Applied on"), **TODAY)
    country = forms.ChoiceField(label=_("Country (return or repatriation)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *reference.country_choices()]


class ResidenceDecisionForm(forms.Form):
    opinion = forms.ChoiceField(label=_("The Centre's opinion"), required=False, choices=[
        ("", "—"), ("positive", _("positive")), ("negative", _("negative"))])
    opinion_on = forms.DateField(label=_("Opinion given on"), **TODAY)
    decision = forms.ChoiceField(label=_("Decision"), required=False, choices=[
        ("", "—"), *[c for c in ResidenceStatus.Decision.choices if c[0] != "pending"]])
    decided_on = forms.DateField(label=_("Decided on"), **TODAY)
    expires_on = forms.DateField(label=_("Expires on"), required=False, **DATE)
