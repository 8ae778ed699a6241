"""Facts the annual tables group, one row per unit the tables count (a victim, a person's
services of a type, a person in a report) and year, or per criminal case before a court
level, derived from the records and kept current as they change (`facts`): the tables of a
year read the year's own facts, not the history. `atis statistics rebuild` recomputes them
all."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from atis.core.errors import DomainError
from atis.core.models import Organisation, User
from atis.identification.models import Decision
from atis.intake.models import ReportPerson
from atis.justice.models import CriminalCase
from atis.people.models import Person
from atis.protection.models import ShelterStay
from atis.reference.models import Country


class VictimYear(models.Model):
    """A person identified as a victim in a year: the latest identification of the person
    taking effect in that year (by the date of approval), with what the tables of victims
    group. Derived: `atis statistics rebuild` recomputes every row from the decisions."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), help_text=_(
        "The calendar year (in the system's time zone) in which the identification took "
        "effect."))
    # Refreshed when the decision is deleted (`receivers`), not cascaded: a cascade would
    # collect the row before the refresh that the deletion of the decision's forms runs.
    decision = models.ForeignKey(Decision, models.DO_NOTHING, related_name="+", db_index=False,
                                 db_constraint=False)
    decided_by_organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="+",
                                                db_index=False)
    form = models.CharField(_("form of exploitation"), max_length=32, null=True, help_text=_(
        "The decision's form, or “multiple” when it names several."))
    sex = models.CharField(_("sex"), max_length=16)
    age = models.PositiveSmallIntegerField(_("age"), null=True, help_text=_(
        "When the exploitation began, else on the day the decision took effect."))
    age_group = models.CharField(_("age group"), max_length=8)
    citizenship_group = models.CharField(_("citizenship group"), max_length=8, help_text=_(
        "“national” (a Serbian citizen), “foreign” or “unknown”."))
    origin_country = models.ForeignKey(Country, models.CASCADE, null=True, related_name="+",
                                       db_index=False, verbose_name=_("country of origin"))
    exploitation_country = models.ForeignKey(Country, models.CASCADE, null=True,
                                             related_name="+", db_index=False,
                                             verbose_name=_("country of exploitation"))
    recruitment_online = models.BooleanField(_("internet or social networks used"), null=True)
    child_school_attendance = models.BooleanField(_("child attended school"), null=True)
    child_in_institutional_care = models.BooleanField(_("child in institutional care"),
                                                      null=True)
    child_parent_complicit = models.BooleanField(_("parent exploiter or complicit"), null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "year"],
                                               name="statistics_victim_year_unique")]
        indexes = [models.Index(fields=["year"], name="statistics_victim_year"),
                   # the victims by countries, read from the index alone
                   models.Index(fields=["year", "origin_country", "exploitation_country",
                                        "decided_by_organisation"],
                                name="statistics_victim_countries")]
        verbose_name = _("victim in a year")
        verbose_name_plural = _("victims by year")


class ServiceYear(models.Model):
    """The services of one type a person received in a year (by date of delivery)."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    service = models.CharField(_("service"), max_length=32)
    services = models.PositiveIntegerField(_("services"))

    class Meta:
        # By year first: a year's persons come out of the index in order, ready to count.
        constraints = [models.UniqueConstraint(fields=["year", "person", "service"],
                                               name="statistics_service_year_unique")]
        indexes = [models.Index(fields=["year", "service", "person", "services"],
                                name="statistics_service_year")]
        verbose_name = _("services of a person in a year")
        verbose_name_plural = _("services by person and year")


class ReportOutcome(models.Model):
    """A person named in a report, with the outcome on 31 December of the year the report
    was received: dismissed by then, else the latest decision in effect by then, else
    pending."""

    report_person = models.OneToOneField(ReportPerson, models.DO_NOTHING, related_name="+",
                                         db_constraint=False)
    person = models.ForeignKey(Person, models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), help_text=_(
        "The calendar year in which the report was received."))
    source_type = models.CharField(_("source"), max_length=48)
    source_organisation = models.ForeignKey(Organisation, models.CASCADE, null=True,
                                            related_name="+", db_index=False)
    outcome = models.CharField(_("outcome"), max_length=16)
    dismissal_reason = models.CharField(_("reason for dismissal"), max_length=48)

    class Meta:
        # The outcomes of a year (and the reasons of its dismissals) read from the index alone.
        indexes = [models.Index(fields=["year", "outcome", "dismissal_reason", "source_type",
                                        "source_organisation"],
                                name="statistics_report_outcomes")]
        verbose_name = _("outcome of a person in a report")
        verbose_name_plural = _("outcomes of the persons in reports")


class ServedYear(models.Model):
    """A person supported in a year, by services received in it or a protection plan in
    force in it that has been closed since (an open plan is in force every year until it
    closes: the tables read those few at the time), and where they stood as a victim by
    then: identified in the year, identified earlier (only), or not identified by
    31 December."""

    class Standing(models.TextChoices):
        IDENTIFIED_THIS_YEAR = "identified_this_year", _("identified in the year")
        IDENTIFIED_EARLIER = "identified_earlier", _("identified earlier")
        NOT_IDENTIFIED = "not_identified", _("not identified by 31 December")

    person = models.ForeignKey(Person, models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    standing = models.CharField(_("standing"), max_length=24, choices=Standing.choices)
    served = models.BooleanField(_("received services"), help_text=_(
        "Whether the person received services in the year (else only a closed protection "
        "plan was in force in it)."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "standing", "person"],
                                               name="statistics_served_year_unique")]
        indexes = [models.Index(fields=["year", "standing", "served"],
                                name="statistics_served_year")]
        verbose_name = _("person served in a year")
        verbose_name_plural = _("persons served by year")


class StayYear(models.Model):
    """A stay in the Shelter that has ended, in each year from its admission to its leaving,
    with the resident's age group at admission. A stay still open is in the Shelter every
    year until it ends: the tables read those few from the stays themselves."""

    stay = models.ForeignKey(ShelterStay, models.CASCADE, related_name="+", db_index=False)
    person = models.ForeignKey(Person, models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    age_group = models.CharField(_("age group"), max_length=8, help_text=_(
        "At admission, from the year of birth: “child”, “adult” or “unknown”."))
    admitted = models.BooleanField(_("admitted in the year"))
    is_return = models.BooleanField(_("a return after leaving"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stay", "year"],
                                               name="statistics_stay_year_unique")]
        # The year's stays with what the Shelter's use counts, read from the index alone.
        indexes = [models.Index(fields=["year", "age_group", "person", "admitted", "is_return"],
                                name="statistics_stay_year")]
        verbose_name = _("stay in the Shelter in a year")
        verbose_name_plural = _("stays in the Shelter by year")


class CourtSpan(models.Model):
    """A criminal case before the courts of one level (higher or appellate): the day of its
    first event naming such a court and of its first judgement there. The courts' caseload
    of a year reads the spans still open at its start, not every event of the history."""

    class Level(models.TextChoices):
        HIGHER = "higher", _("higher court")
        APPELLATE = "appellate", _("appellate court")

    case = models.ForeignKey(CriminalCase, models.CASCADE, related_name="+", db_index=False)
    level = models.CharField(_("court level"), max_length=16, choices=Level.choices)
    first_on = models.DateField(_("first event"))
    done_on = models.DateField(_("first judgement"), null=True, help_text=_(
        "Empty while no judgement is recorded at this level."))
    accused = models.PositiveIntegerField(_("accused"), help_text=_("The case's defendants."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "level"],
                                               name="statistics_court_span_unique")]
        indexes = [models.Index(fields=["done_on", "first_on"], name="statistics_court_span")]
        verbose_name = _("case before a court level")
        verbose_name_plural = _("cases before the court levels")


class ProceedingStep(models.Model):
    """Who a criminal case's events brought to a step of the proceedings in a year, and the
    first day of the year they did: a defendant indicted, convicted (by whose record),
    sentenced to prison, a damaged party granted the status of particularly vulnerable
    witness, or a damaged person of a case with an event in the year (`damaged_persons`;
    `prosecuted_damaged` when the case is before a prosecutor's office). The tables count
    the steps whose first day has come, so an event scheduled ahead counts once it happens."""

    case = models.ForeignKey(CriminalCase, models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    measure = models.CharField(_("step"), max_length=32)
    who = models.BigIntegerField(_("defendant, damaged party or person"), null=True, help_text=_(
        "A defendant's id, a damaged party's id (the status of particularly vulnerable "
        "witness) or a person's id (damaged persons); empty for an event naming no "
        "defendant."))
    recorder_type = models.CharField(_("recorded by (type)"), max_length=32, help_text=_(
        "The type of the organisation that recorded the event; empty for damaged persons "
        "and sentences."))
    first_on = models.DateField(_("first day"))

    class Meta:
        # By year and step, with the persons in order: each step's distinct persons read from
        # the index alone.
        indexes = [models.Index(fields=["year", "measure", "who", "first_on", "recorder_type"],
                                name="statistics_proceeding_step"),
                   # Which types of organisation recorded the year's steps: a look-up each.
                   models.Index(fields=["year", "recorder_type", "measure", "first_on"],
                                name="statistics_step_recorder")]
        verbose_name = _("step of the proceedings in a year")
        verbose_name_plural = _("steps of the proceedings by year")


class CriminalReportEntry(models.Model):
    """What a criminal case's criminal report counts: the report itself (with its numbers of
    offences, perpetrators and damaged persons), each perpetrator (with their sex and
    citizenship group) and each damaged person (with their sex and age group in the year
    the report was filed). The police's tables of a year read the year's entries, not the
    cases with their parties."""

    class Entry(models.TextChoices):
        CRIMINAL_REPORT = "criminal_report", _("criminal report")
        PERPETRATOR = "perpetrator", _("perpetrator")
        DAMAGED_PERSON = "damaged_person", _("damaged person")

    case = models.ForeignKey(CriminalCase, models.CASCADE, related_name="+")
    entry = models.CharField(_("entry"), max_length=16, choices=Entry.choices)
    opened_on = models.DateField(_("criminal report filed on"))
    police_administration = models.ForeignKey(
        Organisation, models.CASCADE, related_name="+", db_index=False, null=True,
        help_text=_("Empty for a case not opened on a police administration's report."))
    sex = models.CharField(_("sex"), max_length=16, help_text=_(
        "A perpetrator's or damaged person's; empty for the report."))
    citizenship_group = models.CharField(_("citizenship group"), max_length=8, help_text=_(
        "A perpetrator's: “national” (a Serbian citizen), “foreign” or “unknown”."))
    age_group = models.CharField(_("age group"), max_length=8, help_text=_(
        "A damaged person's, in the year the report was filed: “child”, “adult” or "
        "“unknown”."))
    person = models.BigIntegerField(_("damaged person"), null=True, help_text=_(
        "The person's id, for a damaged person."))
    offences = models.PositiveIntegerField(_("offences"), default=0, help_text=_(
        "The report's offences (0 on the other entries)."))
    perpetrators = models.PositiveIntegerField(_("perpetrators"), default=0, help_text=_(
        "The report's perpetrators (0 on the other entries)."))
    damaged_persons = models.PositiveIntegerField(_("damaged persons"), default=0, help_text=_(
        "The report's damaged persons (0 on the other entries)."))

    class Meta:
        # Each entry of the year with all that is grouped or summed: read from the index
        # alone.
        indexes = [models.Index(fields=["entry", "opened_on", "police_administration", "sex",
                                        "citizenship_group", "age_group", "person", "offences",
                                        "perpetrators", "damaged_persons"],
                                name="statistics_report_entry")]
        verbose_name = _("entry of a criminal report")
        verbose_name_plural = _("entries of the criminal reports")


class _Frozen(models.Model):
    """A row written once: saving it again or deleting it is refused (a release is
    corrected by publishing a new version, never by editing one)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise DomainError({"non_field_errors": _(
                "A published release cannot be changed; publish a correction (a new version) "
                "instead.")})
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DomainError({"non_field_errors": _(
            "A published release cannot be deleted; publish a correction (a new version) "
            "instead.")})


class Release(_Frozen):
    """A year's statistics as published, frozen: the published edition's files in every
    language (`ReleaseFile`), served as they were stored, never recomputed. A correction
    is a new version with a change note; earlier versions stay."""

    year = models.PositiveSmallIntegerField(_("year"), help_text=_(
        "The calendar year whose statistics the release publishes."))
    version = models.PositiveSmallIntegerField(_("version"), help_text=_(
        "1 for the year's first release, 2 for its first correction, and so on."))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(User, models.PROTECT, related_name="+",
                                     verbose_name=_("published by"))
    threshold = models.PositiveSmallIntegerField(_("disclosure threshold"), help_text=_(
        "The smallest count shown; smaller ones, and those that would reveal them, are "
        "hidden."))
    method = models.CharField(_("disclosure method"), max_length=64, help_text=_(
        "The name and version of the disclosure control applied."))
    change_note = models.TextField(_("change note"), blank=True, help_text=_(
        "What a correction changed and why; empty for a year's first release."))
    checksum = models.CharField(_("checksum"), max_length=64, help_text=_(
        "SHA-256 (hexadecimal) of the release's JSON contract in English, as stored."))
    audit = models.JSONField(_("disclosure audit"), help_text=_(
        "What disclosure control hid: cells and persons hidden, the tightest interval a "
        "hidden cell can be narrowed to; and the dataset's suppressions when there is one."))
    open_year = models.BooleanField(_("published before the year ended"), default=False,
                                    help_text=_("Published on purpose before 31 December."))
    dataset_k = models.PositiveSmallIntegerField(_("dataset k"), null=True, help_text=_(
        "The k of the anonymised case-level dataset published with the release; empty when "
        "there is none."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "version"],
                                               name="statistics_release_version")]
        ordering = ["-year", "-version"]
        verbose_name = _("release of the statistics")
        verbose_name_plural = _("releases of the statistics")


class ReleaseFile(_Frozen):
    """One file of a release: a format in a language (the dataset has no language)."""

    class Format(models.TextChoices):
        JSON = "json", "JSON"
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        HTML = "html", "HTML"
        PDF = "pdf", "PDF"
        PAGE = "page", _("public page")
        DATASET = "dataset", _("anonymised case-level dataset (CSV)")

    release = models.ForeignKey(Release, models.PROTECT, related_name="files",
                                verbose_name=_("release"))
    language = models.CharField(_("language"), max_length=8, blank=True, help_text=_(
        "The language code of the file; empty for the dataset, which has no text to "
        "translate."))
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, help_text=_(
        "SHA-256 (hexadecimal) of the content."))
    size = models.PositiveIntegerField(_("size"), help_text=_("Bytes."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["release", "language", "format"],
                                               name="statistics_release_file")]
        verbose_name = _("file of a release")
        verbose_name_plural = _("files of the releases")
