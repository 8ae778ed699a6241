"""Each defendant's path through the proceedings (CPC): which event may follow which stage,
and what custody events need. Refused events name the stage they do not fit."""

from django.utils.translation import gettext as _

from atis.core.errors import DomainError
from atis.justice.models import Defendant, ProceedingEvent

St = Defendant.Stage
K = ProceedingEvent.Kind

# event → (stages it may follow, stage it leads to)
STAGE_EVENTS: dict[str, tuple[frozenset, str | None]] = {
    K.DISMISSAL: (frozenset({St.REPORTED}), St.DISMISSED),
    K.INVESTIGATION_ORDERED: (frozenset({St.REPORTED}), St.INVESTIGATION),
    K.INVESTIGATION_CLOSED: (frozenset({St.INVESTIGATION}), St.INVESTIGATION_CLOSED),
    K.INVESTIGATION_TERMINATED: (frozenset({St.INVESTIGATION}), St.INVESTIGATION_TERMINATED),
    K.INVESTIGATION_SUSPENDED: (frozenset({St.INVESTIGATION}), St.INVESTIGATION_SUSPENDED),
    K.INDICTMENT: (frozenset({St.INVESTIGATION_CLOSED}), St.INDICTED),
    K.INFORMATION: (frozenset({St.REPORTED, St.INVESTIGATION_CLOSED}), St.INDICTED),
    K.PLEA_AGREEMENT: (frozenset({St.INVESTIGATION, St.INVESTIGATION_CLOSED, St.INDICTED}),
                       St.CONVICTED),
    K.RECLASSIFICATION: (frozenset({St.REPORTED, St.INVESTIGATION, St.INVESTIGATION_CLOSED,
                                    St.INDICTED}), St.RECLASSIFIED),
    K.CONVICTION: (frozenset({St.INDICTED}), St.CONVICTED),
    K.ACQUITTAL: (frozenset({St.INDICTED}), St.ACQUITTED),
    K.REJECTION: (frozenset({St.INDICTED}), St.REJECTED),
    K.APPEAL: (frozenset({St.CONVICTED, St.ACQUITTED, St.REJECTED}), St.APPEALED),
    K.FINAL_JUDGEMENT: (frozenset({St.CONVICTED, St.ACQUITTED, St.REJECTED, St.APPEALED}), None),
}
FINAL_STAGES = frozenset({St.DISMISSED, St.INVESTIGATION_TERMINATED, St.RECLASSIFIED,
                          St.FINAL_CONVICTION, St.FINAL_ACQUITTAL, St.FINAL_REJECTION})
SENTENCING = frozenset({K.CONVICTION, K.PLEA_AGREEMENT, K.FINAL_JUDGEMENT})
# Events that need a defendant in custody (detention or prison) and end it.
ENDS_CUSTODY = frozenset({K.DETENTION_ENDED, K.RELEASE_FROM_PRISON, K.ESCAPE})
# Events about one damaged party rather than a defendant.
VICTIM_EVENTS = frozenset({K.VICTIM_INTERVIEW, K.PVW_GRANTED})
CASE_EVENTS = frozenset({K.HEARING})
# Events that may be recorded ahead of their date (scheduled hearings, decided releases).
SCHEDULABLE = frozenset({K.HEARING, K.VICTIM_INTERVIEW, K.DETENTION_ENDED, K.RELEASE_FROM_PRISON})


def next_stage(defendant: Defendant, kind: str, outcome: str = "") -> str | None:
    """The defendant's stage after `kind`, or None when the event does not move it.
    Raises DomainError when the event cannot follow the current stage."""
    if kind not in STAGE_EVENTS:
        return None
    allowed, target = STAGE_EVENTS[kind]
    if defendant.stage not in allowed:
        raise DomainError({"kind": _("“%(event)s” cannot follow “%(stage)s”.") % {
            "event": K(kind).label, "stage": St(defendant.stage).label}})
    if kind == K.FINAL_JUDGEMENT:
        return {"convicted": St.FINAL_CONVICTION, "acquitted": St.FINAL_ACQUITTAL,
                "rejected": St.FINAL_REJECTION}[outcome]
    return target


def check_custody(defendant: Defendant, kind: str) -> bool | None:
    """The defendant's custody after `kind` (None: unchanged)."""
    if kind == K.DETENTION_ORDERED:
        if defendant.in_custody:
            raise DomainError({"kind": _("The defendant is already in custody.")})
        return True
    if kind == K.DETENTION_EXTENDED:
        if not defendant.in_custody:
            raise DomainError({"kind": _("Detention can be extended only while it lasts.")})
        return None
    if kind in ENDS_CUSTODY:
        if not defendant.in_custody:
            raise DomainError({"kind": _("There is no detention or imprisonment to end.")})
        return False
    return None
