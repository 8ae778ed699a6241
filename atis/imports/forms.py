from django import forms
from django.utils.translation import gettext_lazy as _

from atis.imports import services


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (XLSX from the template, a ZIP of CSV files, or one CSV)"))
    source = forms.CharField(label=_("Source system"), max_length=50, initial=services.DEFAULT_SOURCE,
                             help_text=_("Rows are recognised again by this name and their source "
                                         "reference."))
