"""What keeps the statistics facts current: every save or deletion of a record they are
derived from refreshes the facts of the persons concerned, in the same transaction
(`facts.refresh`)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from atis.core.signals import records_loaded
from atis.identification.models import Decision, DecisionForm, Procedure
from atis.intake.models import Report, ReportPerson
from atis.people.models import Person
from atis.protection.models import ServiceRecord
from atis.statistics import facts
from atis.statistics.models import VictimYear


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
    if not created:
        _victims_changed([instance.pk])


def _citizenships_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _victims_changed((pk_set or []) if reverse else [instance.pk])


def _service_changed(sender, instance: ServiceRecord, **kwargs) -> None:
    facts.refresh([instance.person_id], kinds=("services",))


def _report_changed(sender, instance: Report, created: bool, **kwargs) -> None:
    if not created:  # a new report names its persons afterwards (`_named_changed`)
        facts.refresh(ReportPerson.objects.filter(report=instance)
                      .values_list("person_id", flat=True), kinds=("reports",))


def _named_changed(sender, instance: ReportPerson, **kwargs) -> None:
    facts.refresh([instance.person_id], kinds=("reports",))


def _loaded(sender, person_ids, **kwargs) -> None:
    facts.refresh(person_ids, kinds=("reports",) if sender is ReportPerson else tuple(facts.KINDS))


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_decision_changed, sender=Decision, dispatch_uid="statistics.decision")
        signal.connect(_form_changed, sender=DecisionForm, dispatch_uid="statistics.form")
        signal.connect(_service_changed, sender=ServiceRecord, dispatch_uid="statistics.service")
        signal.connect(_named_changed, sender=ReportPerson, dispatch_uid="statistics.named")
    post_save.connect(_report_changed, sender=Report, dispatch_uid="statistics.report")
    post_save.connect(_person_changed, sender=Person, dispatch_uid="statistics.person")
    m2m_changed.connect(_citizenships_changed, sender=Person.citizenships.through,
                        dispatch_uid="statistics.citizenships")
    records_loaded.connect(_loaded, dispatch_uid="statistics.loaded")
