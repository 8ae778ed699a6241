"""Code lists. Codes are stable English identifiers stored on records; labels are data in
three languages that the administrator may edit."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from atis.core.models import localised


class CodeList(models.TextChoices):
    EXPLOITATION_FORM = "exploitation_form", _("Forms of exploitation")
    REPORT_SOURCE = "report_source", _("Report sources")
    REPORT_CHANNEL = "report_channel", _("Report channels")
    SEX = "sex", _("Sexes")
    DISMISSAL_REASON = "dismissal_reason", _("Reasons for dismissing a report")
    NOT_IDENTIFIED_REASON = "not_identified_reason", _("Reasons for not identifying a victim")
    TERMINATION_REASON = "termination_reason", _("Reasons for terminating or suspending "
                                                 "an identification procedure")
    SERVICE_AREA = "service_area", _("Service areas")
    IDENTITY_DOCUMENT = "identity_document", _("Identity documents")
    EXPLOITATION_SUBTYPE = "exploitation_subtype", _("Sub-types of exploitation")
    RECRUITMENT_METHOD = "recruitment_method", _("Recruitment methods")
    EXPLOITER_RELATION = "exploiter_relation", _("Exploiter's relation to the victim")
    CONTROL_METHOD = "control_method", _("Methods of control")
    IDENTIFICATION_PLACE = "identification_place", _("Where the victim was identified")
    INTERVIEW_MODE = "interview_mode", _("Interview modes")
    ALERT_RECIPIENT = "alert_recipient", _("Recipients of 24-hour alerts")
    HOTLINE_CALLER = "hotline_caller", _("Hotline callers")
    HOTLINE_OUTCOME = "hotline_outcome", _("Hotline call outcomes")
    INFORMED_HOW = "informed_how", _("How the person was informed")
    SERVICE_TYPE = "service_type", _("Types of service")
    PLACEMENT_TYPE = "placement_type", _("Types of placement")
    SHELTER_DEPARTURE_REASON = "shelter_departure_reason", _("Reasons for leaving the Shelter")
    MEDICAL_EXAMINATION = "medical_examination", _("Medical examinations")
    PROTECTION_CLOSURE_REASON = "protection_closure_reason", _("Reasons for closing protection")
    OFFENCE = "offence", _("Criminal offences")
    DEFENDANT_ROLE = "defendant_role", _("Defendants' roles in the process")
    MEMO_KIND = "memo_kind", _("Kinds of memo")
    CONTACT_POINT_KIND = "contact_point_kind", _("Kinds of contact point")


class Labelled(models.Model):
    label_en = models.CharField(_("label (English)"), max_length=200)
    label_sr_latn = models.CharField(_("label (Serbian, Latin)"), max_length=200)
    label_sr_cyrl = models.CharField(_("label (Serbian, Cyrillic)"), max_length=200)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return localised(self, "label")


class Term(Labelled):
    list = models.CharField(_("code list"), max_length=32, choices=CodeList.choices)
    code = models.CharField(_("code"), max_length=48)
    htcds = models.CharField(_("HTCDS value"), max_length=64, blank=True,
                             help_text=_("The value in the Human Trafficking Case Data "
                                         "Standard v2.0, where one exists."))
    htcds_detail = models.CharField(_("HTCDS detail"), max_length=100, blank=True)

    class Meta:
        ordering = ["list", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["list", "code"], name="term_code_unique")]
        verbose_name = _("term")
        verbose_name_plural = _("terms")


class Country(Labelled):
    """ISO 3166-1; `code` is alpha-2."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    alpha3 = models.CharField(_("alpha-3 code"), max_length=3, unique=True)
    numeric = models.CharField(_("numeric code"), max_length=3)

    class Meta:
        ordering = ["label_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")


class Language(Labelled):
    """ISO 639; `code` is the alpha-2 code where one exists, otherwise alpha-3."""

    code = models.CharField(_("code"), max_length=3, unique=True)
    alpha3 = models.CharField(_("alpha-3 code"), max_length=3, unique=True)

    class Meta:
        ordering = ["label_en"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")
