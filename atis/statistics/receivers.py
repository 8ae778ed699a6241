"""What keeps the statistics facts current: every save or deletion of a record they are
derived from refreshes the facts of the persons (or criminal cases) concerned, in the same
transaction (`facts.refresh`, `facts.refresh_cases`). A court's or recorder's organisation
changing its code or type is not followed: `atis statistics rebuild` after such a change."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from atis.core.signals import records_loaded
from atis.identification.models import Decision, DecisionForm, Procedure
from atis.intake.models import Report, ReportPerson
from atis.justice.models import CriminalCase, DamagedParty, Defendant, ProceedingEvent
from atis.people.models import Person
from atis.protection.models import ProtectionPlan, ServiceRecord, ShelterStay
from atis.statistics import facts
from atis.statistics.models import StayYear, VictimYear


def _decision_changed(sender, instance: Decision, **kwargs) -> None:
    facts.refresh(Procedure.objects.filter(pk=instance.procedure_id)
                  .values_list("person_id", flat=True), kinds=("victims", "reports"))


def _form_changed(sender, instance: DecisionForm, **kwargs) -> None:
    facts.refresh(Decision.objects.filter(pk=instance.decision_id, outcome="identified",
                                          state="approved")
                  .values_list("procedure__person_id", flat=True), kinds=("victims",))


def _victims_changed(person_ids) -> None:
    """A person's own attributes (sex, citizenships) matter only once they are a victim."""
    facts.refresh(VictimYear.objects.filter(person__in=person_ids)
                  .values_list("person_id", flat=True).distinct(), kinds=("victims",))


def _person_changed(sender, instance: Person, created: bool, **kwargs) -> None:
    """Their sex and year of birth count as a victim's, a resident's and a damaged person's."""
    if not created:
        _victims_changed([instance.pk])
        if StayYear.objects.filter(person=instance).exists():
            facts.refresh([instance.pk], kinds=("stays",))
        facts.refresh_cases(DamagedParty.objects.filter(person=instance)
                            .values_list("case_id", flat=True))


def _citizenships_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _victims_changed((pk_set or []) if reverse else [instance.pk])


def _service_changed(sender, instance: ServiceRecord, **kwargs) -> None:
    facts.refresh([instance.person_id], kinds=("services",))


def _plan_changed(sender, instance: ProtectionPlan, **kwargs) -> None:
    facts.refresh([instance.person_id], kinds=("served",))


def _stay_changed(sender, instance: ShelterStay, **kwargs) -> None:
    facts.refresh([instance.person_id], kinds=("stays",))


def _report_changed(sender, instance: Report, created: bool, **kwargs) -> None:
    if not created:  # a new report names its persons afterwards (`_named_changed`)
        facts.refresh(ReportPerson.objects.filter(report=instance)
                      .values_list("person_id", flat=True), kinds=("reports",))


def _named_changed(sender, instance: ReportPerson, **kwargs) -> None:
    facts.refresh([instance.person_id], kinds=("reports",))


def _case_changed(sender, instance, **kwargs) -> None:
    """A proceeding event, a defendant or a damaged party of the case."""
    facts.refresh_cases([instance.case_id])


def _prosecution_changed(sender, instance: CriminalCase, created: bool, **kwargs) -> None:
    """When the report was filed, by which police administration, whether a prosecutor's
    office has the case. A new case is counted once its offences are written (they are
    bulk-created after it: `records_loaded`)."""
    if not created:
        facts.refresh_cases([instance.pk])


def _loaded(sender, person_ids, case_ids=(), **kwargs) -> None:
    facts.refresh(person_ids, kinds=("reports",) if sender is ReportPerson else tuple(facts.KINDS))
    facts.refresh_cases(case_ids)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_decision_changed, sender=Decision, dispatch_uid="statistics.decision")
        signal.connect(_form_changed, sender=DecisionForm, dispatch_uid="statistics.form")
        signal.connect(_service_changed, sender=ServiceRecord, dispatch_uid="statistics.service")
        signal.connect(_plan_changed, sender=ProtectionPlan, dispatch_uid="statistics.plan")
        signal.connect(_stay_changed, sender=ShelterStay, dispatch_uid="statistics.stay")
        signal.connect(_named_changed, sender=ReportPerson, dispatch_uid="statistics.named")
        signal.connect(_case_changed, sender=ProceedingEvent, dispatch_uid="statistics.event")
        signal.connect(_case_changed, sender=Defendant, dispatch_uid="statistics.defendant")
        signal.connect(_case_changed, sender=DamagedParty, dispatch_uid="statistics.damaged")
    post_save.connect(_report_changed, sender=Report, dispatch_uid="statistics.report")
    post_save.connect(_person_changed, sender=Person, dispatch_uid="statistics.person")
    post_save.connect(_prosecution_changed, sender=CriminalCase, dispatch_uid="statistics.case")
    m2m_changed.connect(_citizenships_changed, sender=Person.citizenships.through,
                        dispatch_uid="statistics.citizenships")
    records_loaded.connect(_loaded, dispatch_uid="statistics.loaded")
