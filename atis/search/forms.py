from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atis.search.selectors import MAX_QUERY, may_search_by_name


class SearchForm(forms.Form):
    """The search page's form. The date of birth is offered only to the roles that may
    search by name (the Centre)."""

    q = forms.CharField(label=_("Search for"), max_length=MAX_QUERY,
                        error_messages={"required": _("Enter what to search for.")})
    date_of_birth = forms.DateField(
        label=_("Date of birth (optional)"), required=False,
        help_text=_("Only with a full name: finds the persons with that name born on that day."),
        widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if may_search_by_name(user):
            self.fields["q"].help_text = _(
                "A pseudonym (V-2026-0042), a report reference (R-2026-0007), a criminal case "
                "reference or number, or a person's full name.")
        else:
            del self.fields["date_of_birth"]
            self.fields["q"].help_text = _(
                "A pseudonym (V-2026-0042), a report reference (R-2026-0007) or a criminal "
                "case reference or number.")
        self.fields["q"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean_date_of_birth(self):
        day = self.cleaned_data.get("date_of_birth")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if day is not None and day.year < 1900:
            raise forms.ValidationError(_("The date of birth is before 1900."))
        return day
