from django import forms
from django.utils.translation import gettext_lazy as _

from atis.core.models import Organisation
from atis.identification.rules import RECIPIENT_TYPES
from atis.identification.services import SUBTYPE_PREFIX
from atis.intake.forms import day_field
from atis.reference import selectors as reference

YES_NO_UNKNOWN = [("", _("unknown")), ("true", _("yes")), ("false", _("no"))]


def _multi(label, list_code=None, required=False):
    field = forms.MultipleChoiceField(label=label, required=required,
                                      widget=forms.CheckboxSelectMultiple)
    field.list_code = list_code
    return field


def _tristate(label):
    return forms.NullBooleanField(label=label, required=False,
                                  widget=forms.Select(choices=YES_NO_UNKNOWN))


class CodedForm(forms.Form):
    """Fills the choices of fields that name a reference list (`list_code`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if getattr(field, "list_code", None):
                field.choices = reference.choices(field.list_code)


class InterviewForm(CodedForm):
    held_on = day_field(_("Held on"))
    mode = forms.ChoiceField(label=_("Mode"))
    mode.list_code = "interview_mode"
    joint_with = forms.ChoiceField(label=_("Joint interview with"), required=False,
                                   choices=[("", _("no one")), ("police", _("police")),
                                            ("prosecutor", _("prosecutor"))])
    interpreter_language = forms.ChoiceField(label=_("Interpreter's language"), required=False)
    location = forms.CharField(label=_("Location"), max_length=100, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=10000, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interpreter_language"].choices = [("", _("none")),
                                                       *reference.language_choices()]


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))


class AlertSentForm(forms.Form):
    """Inline in the alerts table, one per alert (ids prefixed with the alert's)."""

    organisation = forms.ModelChoiceField(label=_("Sent to"), queryset=Organisation.objects.none())
    channel = forms.CharField(label=_("How"), max_length=32, required=False)
    sent_at = day_field(_("Sent on"))

    def __init__(self, *args, alert, **kwargs):
        super().__init__(*args, auto_id=f"alert{alert.pk}_%s", **kwargs)
        self.alert = alert
        self.fields["organisation"].queryset = Organisation.objects.filter(
            active=True, type__in=RECIPIENT_TYPES[alert.recipient]).order_by("name_en")
        self.fields["organisation"].initial = alert.organisation_id


class IndicatorsForm(forms.Form):
    indicator = forms.TypedMultipleChoiceField(coerce=int, required=False)
    assessed_at = day_field(_("Assessed on"))

    def __init__(self, *args, checklists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(i.pk, i.text) for c in checklists
                                            for i in c.indicators.all()]


class ApproveForm(forms.Form):
    approved_at = day_field(_("Takes effect on"))
    note = forms.CharField(label=_("Why it goes back"), max_length=10000, required=False)


class DecisionForm(CodedForm):
    decided_at = day_field(_("Decided on"))
    approved_at = day_field(_("Takes effect on (if not the day decided)"), initial=None)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        ("identified", _("identified as a victim")), ("not_identified", _("not a victim")),
        ("terminated", _("terminate the procedure")), ("suspended", _("suspend the procedure"))])
    reason = forms.ChoiceField(label=_("Reason (not a victim, terminated, suspended)"),
                               required=False)
    reason_note = forms.CharField(label=_("Reasoning"), max_length=5000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    forms_ = _multi(_("Forms of exploitation"), "exploitation_form")
    subtypes = _multi(_("Sub-types"), "exploitation_subtype")
    recruitment_methods = _multi(_("Recruitment methods"), "recruitment_method")
    recruitment_online = _tristate(_("Internet or social networks used"))
    exploiter_relations = _multi(_("Exploiter's relation to the victim"), "exploiter_relation")
    control_methods = _multi(_("Methods of control"), "control_method")
    exploitation_began_on = forms.DateField(label=_("Exploitation began on"), required=False,
                                            widget=forms.DateInput(attrs={"type": "date"}))
    exploitation_months = forms.IntegerField(label=_("Duration (months)"), required=False,
                                             min_value=0, max_value=600)
    origin_country = forms.ChoiceField(label=_("Country of origin"), required=False)
    exploitation_country = forms.ChoiceField(label=_("Country of exploitation"), required=False)
    exploitation_municipality = forms.CharField(label=_("Municipality of exploitation"),
                                                max_length=100, required=False)
    exploitation_intended = forms.BooleanField(label=_("Exploitation intended, not yet begun"),
                                               required=False)
    identified_where = forms.ChoiceField(label=_("Where identified"), required=False)
    mixed_migration = _tristate(_("From mixed migration"))
    child_school_attendance = _tristate(_("Child attended school"))
    child_in_institutional_care = _tristate(_("Child in institutional care while exploited"))
    child_parent_complicit = _tristate(_("Parent exploiter or complicit"))

    CHILD_FIELDS = ("child_school_attendance", "child_in_institutional_care",
                    "child_parent_complicit")

    def __init__(self, *args, manager: bool = False, child: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not manager:  # a proposal takes effect when a manager approves it
            del self.fields["approved_at"]
        if not child:  # the children's questions, for children only
            for name in self.CHILD_FIELDS:
                del self.fields[name]
        self.fields["reason"].choices = [("", "—"), *reference.choices("not_identified_reason"),
                                         *reference.choices("termination_reason")]
        countries = [("", "—"), *reference.country_choices()]
        self.fields["origin_country"].choices = countries
        self.fields["exploitation_country"].choices = countries
        self.fields["identified_where"].choices = [("", "—"),
                                                   *reference.choices("identification_place")]

    def clean(self):
        """Pair each form of exploitation with its ticked sub-types (the service's `forms`)."""
        data = super().clean()
        chosen, subtypes = data.pop("forms_", []), data.pop("subtypes", [])
        pairs = []
        for form in chosen:
            prefix = SUBTYPE_PREFIX.get(form)
            mine = [s for s in subtypes if prefix and s.startswith(prefix)]
            pairs += [{"form": form, "subtype": s} for s in mine] or [{"form": form}]
        if any(not any(p.get("subtype") == s for p in pairs) for s in subtypes):
            self.add_error("subtypes", _("Tick the form of exploitation each sub-type belongs to."))
        data["forms"] = pairs
        return data


class InformedForm(CodedForm):
    informed_at = day_field(_("Informed on"))
    how = forms.ChoiceField(label=_("How"))
    how.list_code = "informed_how"
    complaint_right_explained = forms.BooleanField(
        label=_("The right to complain to the competent ministry was explained"), required=False)
