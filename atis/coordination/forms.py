from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atis.coordination.models import CoordinationGroup, Memo
from atis.core.models import Organisation
from atis.identification.forms import CodedForm

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
# The day a step happened: today unless the user enters the day it really happened (left
# empty: today).
TODAY = {**DATE, "initial": timezone.localdate, "required": False}
ORGS = Organisation.objects.filter(active=True).order_by("type", "name_en")


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=CoordinationGroup.Kind.choices)
    convenor = forms.ModelChoiceField(label=_("Convened by"), queryset=ORGS)
    municipality = forms.CharField(label=_("Municipality"), max_length=100, required=False)
    meets_every_days = forms.IntegerField(label=_("Meets at least every (days)"), required=False,
                                          min_value=1, max_value=366)


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), **TODAY)
    organisations = forms.ModelMultipleChoiceField(label=_("Participating organisations"),
                                                   queryset=ORGS)
    cases = forms.CharField(label=_("Cases reviewed (pseudonyms, comma-separated)"),
                            max_length=2000, required=False)
    decisions = forms.CharField(label=_("Decisions (no personal data)"), max_length=5000,
                                required=False, widget=forms.Textarea(attrs={"rows": 2}))
    minutes = forms.CharField(label=_("Minutes"), max_length=20000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    task_description = forms.CharField(label=_("Task"), max_length=500, required=False)
    task_owner = forms.ModelChoiceField(label=_("Task owner"), queryset=ORGS, required=False)
    task_due_on = forms.DateField(label=_("Task due on"), required=False, **DATE)

    def meeting(self) -> dict:
        data = dict(self.cleaned_data)
        task = {"description": data.pop("task_description"), "owner": data.pop("task_owner"),
                "due_on": data.pop("task_due_on")}
        data["cases"] = [c.strip() for c in data["cases"].split(",") if c.strip()]
        data["tasks"] = [task] if any(task.values()) else []
        return data


class MemoForm(CodedForm):
    recipient = forms.ModelChoiceField(label=pgettext_lazy("memo recipient", "To"), queryset=ORGS)
    kind = forms.ChoiceField(label=_("Kind"))
    kind.list_code = "memo_kind"
    sent_on = forms.DateField(label=_("Sent on"), **TODAY)
    subject = forms.CharField(label=_("Subject"), max_length=500, required=False)
    due_on = forms.DateField(label=_("Reply due by"), required=False, **DATE)


class ResponseForm(forms.Form):
    response = forms.ChoiceField(label=_("Reply"), choices=[c for c in Memo.Response.choices
                                                            if c[0] != "none"])
    responded_on = forms.DateField(label=_("On"), **TODAY)


class ContactForm(CodedForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=ORGS)
    kind = forms.ChoiceField(label=_("Kind"))
    kind.list_code = "contact_point_kind"
    function = forms.CharField(label=_("Function or official contact"), max_length=200)
    phone = forms.CharField(label=_("Official phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Official e-mail"), required=False)
    last_confirmed_on = forms.DateField(label=_("Last confirmed on"), **TODAY)
