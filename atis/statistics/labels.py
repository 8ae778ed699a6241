"""Labels for the codes in the tables, in the active language."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atis.coordination.models import Memo
from atis.core.models import Organisation
from atis.core.roles import OrganisationType
from atis.justice.models import LegalAssistanceRequest
from atis.reference.models import Country, Term

# Dimensions whose codes come from a reference list (per table where it differs).
TERM_LISTS = {
    "source_type": "report_source",
    "form": "exploitation_form",
    "sex": "sex",
    "method": "recruitment_method",
    "service": "service_type",
    "examination": "medical_examination",
}
REASON_LISTS = {"dismissal_reasons": "dismissal_reason", "not_identified_reasons": "not_identified_reason"}
FIXED = {
    "outcome": {
        "identified": pgettext_lazy("statistics", "identified"),
        "not_identified": pgettext_lazy("statistics", "not identified"),
        "dismissed": pgettext_lazy("statistics", "dismissed"),
        "terminated": pgettext_lazy("statistics", "terminated"),
        "suspended": pgettext_lazy("statistics", "suspended"),
        "pending": pgettext_lazy("statistics", "pending"),
        **dict(LegalAssistanceRequest.Outcome.choices),
    },
    "age_group": {
        "child": pgettext_lazy("statistics", "children"),
        "adult": pgettext_lazy("statistics", "adults"),
    },
    "form": {"multiple": pgettext_lazy("statistics", "multiple forms")},
    "citizenship_group": {
        "national": pgettext_lazy("statistics", "nationals"),
        "foreign": pgettext_lazy("statistics", "foreign nationals"),
    },
    "context": {
        "institutional_care": pgettext_lazy("statistics", "in institutional care"),
        "parent_complicit": pgettext_lazy("statistics", "parent exploiter or complicit"),
        "school_age_not_attending": pgettext_lazy("statistics", "of school age, not attending school"),
    },
    "category": {
        "identified_this_year": pgettext_lazy("statistics", "identified this year"),
        "identified_earlier_supported": pgettext_lazy("statistics", "identified earlier, still supported"),
        "at_risk_supported": pgettext_lazy("statistics", "persons at risk supported"),
    },
    "measure": {
        "persons": pgettext_lazy("statistics", "persons"),
        "services": pgettext_lazy("statistics", "services"),
        "residents": pgettext_lazy("statistics", "residents"),
        "stays": pgettext_lazy("statistics", "stays"),
        "new_admissions": pgettext_lazy("statistics", "new admissions"),
        "returns": pgettext_lazy("statistics", "returns"),
        "criminal_reports": pgettext_lazy("statistics", "criminal reports"),
        "offences": pgettext_lazy("statistics", "offences"),
        "perpetrators": pgettext_lazy("statistics", "perpetrators"),
        "damaged_persons": pgettext_lazy("statistics", "damaged persons"),
        "persons_reported": pgettext_lazy("statistics", "persons reported"),
        "dismissed": pgettext_lazy("statistics", "dismissed"),
        "investigations_ordered": pgettext_lazy("statistics", "investigations ordered"),
        "investigations_closed": pgettext_lazy("statistics", "investigations closed"),
        "investigations_terminated": pgettext_lazy("statistics", "investigations terminated"),
        "investigations_suspended": pgettext_lazy("statistics", "investigations suspended"),
        "indicted": pgettext_lazy("statistics", "indicted"),
        "plea_agreements": pgettext_lazy("statistics", "plea agreements"),
        "convicted": pgettext_lazy("statistics", "convicted"),
        "acquitted": pgettext_lazy("statistics", "acquitted"),
        "sentenced_to_prison": pgettext_lazy("statistics", "sentenced to prison"),
        "pvw_granted": pgettext_lazy("statistics", "PVW status granted"),
        "pending_at_start": pgettext_lazy("statistics", "pending on 1 January"),
        "received": pgettext_lazy("statistics", "received"),
        "in_work": pgettext_lazy("statistics", "in work"),
        "resolved": pgettext_lazy("statistics", "resolved"),
        "unresolved_at_end": pgettext_lazy("statistics", "unresolved on 31 December"),
        "accused": pgettext_lazy("statistics", "accused"),
        "identified": pgettext_lazy("statistics", "identified victims"),
        "reports": pgettext_lazy("statistics", "reports"),
        "children": pgettext_lazy("statistics", "children"),
        "foreign": pgettext_lazy("statistics", "foreign nationals"),
        "online": pgettext_lazy("statistics", "recruited online"),
    },
    "length": {
        "under_1_year": pgettext_lazy("statistics", "under 1 year"),
        "1_to_3_years": pgettext_lazy("statistics", "1 to 3 years"),
        "3_to_5_years": pgettext_lazy("statistics", "3 to 5 years"),
        "5_to_10_years": pgettext_lazy("statistics", "5 to 10 years"),
        "10_years_or_more": pgettext_lazy("statistics", "10 years or more"),
    },
    "court_level": {
        "higher": pgettext_lazy("statistics", "higher courts"),
        "appellate": pgettext_lazy("statistics", "appellate courts"),
    },
    "direction": dict(LegalAssistanceRequest.Direction.choices),
    "type": dict(LegalAssistanceRequest.Type.choices),
    "recipient_type": dict(OrganisationType.choices),
    "response": dict(Memo.Response.choices),
    "quantity": {
        "damaged_persons": pgettext_lazy("statistics", "damaged persons"),
        "damaged_persons_identified": pgettext_lazy("statistics", "damaged persons identified as victims"),
        "convictions": pgettext_lazy("statistics", "convictions"),
    },
    "source": {
        "police": pgettext_lazy("statistics", "police"),
        "prosecution": pgettext_lazy("statistics", "prosecution"),
        "courts": pgettext_lazy("statistics", "courts"),
        "centre": pgettext_lazy("statistics", "the Centre"),
    },
    "unknown": {"unknown": pgettext_lazy("statistics", "unknown")},
}


DIMENSIONS = {
    "source_type": _("source"),
    "outcome": _("outcome"),
    "reason": _("reason"),
    "form": _("form of exploitation"),
    "sex": _("sex"),
    "age_group": _("age"),
    "origin": _("country of origin"),
    "exploitation_country": _("country of exploitation"),
    "citizenship_group": _("citizenship"),
    "method": _("recruitment method"),
    "context": _("circumstance"),
    "category": _("category"),
    "service": _("service"),
    "measure": _("measure"),
    "examination": _("examination"),
    "police_administration": _("police administration"),
    "length": _("length"),
    "court_level": _("court level"),
    "direction": _("direction"),
    "type": _("type"),
    "recipient_type": _("recipient"),
    "response": _("response"),
    "quantity": _("quantity"),
    "source": _("source"),
    "year": _("year"),
}


class Labeller:
    """Looks codes up once per report (reference data, countries, organisations)."""

    def __init__(self):
        self.terms = {(t.list, t.code): t.label for t in Term.objects.all()}
        self.countries = {c.code: c.label for c in Country.objects.all()}
        self.organisations = {o.code: o.name for o in Organisation.objects.all()}

    def __call__(self, dimension: str, code, table_id: str = "") -> str:
        code = str(code)
        if code == "unknown":
            return str(FIXED["unknown"]["unknown"])
        if dimension in FIXED and code in FIXED[dimension]:
            return str(FIXED[dimension][code])
        if dimension in ("origin", "exploitation_country"):
            return self.countries.get(code, code)
        if dimension == "police_administration":
            return self.organisations.get(code, code)
        list_code = REASON_LISTS.get(table_id) if dimension == "reason" else TERM_LISTS.get(dimension)
        return self.terms.get((list_code, code), code)
