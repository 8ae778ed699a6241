"""The roles of ARCHITECTURE.md §Roles, and which organisation types may hold each."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    HOTLINE_OPERATOR = "hotline_operator", _("Hotline operator")
    CENTRE_CASEWORKER = "centre_caseworker", _("Centre caseworker")
    CENTRE_MANAGER = "centre_manager", _("Centre manager")
    SHELTER_STAFF = "shelter_staff", _("Shelter staff")
    PARTNER_CASEWORKER = "partner_caseworker", _("Partner caseworker")
    POLICE_OFFICER = "police_officer", _("Police officer")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    COURT_STAFF = "court_staff", _("Court staff")
    COORDINATOR_ANALYST = "coordinator_analyst", _("National Coordinator's analyst")
    RAPPORTEUR = "rapporteur", _("National Rapporteur")
    ADMIN = "admin", _("System administrator")


class OrganisationType(models.TextChoices):
    CENTRE = "centre", _("Centre for the Protection of Victims of Trafficking")
    SHELTER = "shelter", _("Shelter")
    POLICE_ADMINISTRATION = "police_administration", _("Police administration")
    PROSECUTOR_OFFICE = "prosecutor_office", _("Public prosecutor's office")
    COURT = "court", _("Court")
    SOCIAL_WORK_CENTRE = "social_work_centre", _("Centre for social work")
    ASSOCIATION = "association", _("Association")
    SCHOOL = "school", _("School")
    HEALTH = "health", _("Health institution")
    LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
    EMPLOYMENT_SERVICE = "employment_service", _("Employment service")
    MINISTRY = "ministry", _("Ministry or government body")
    COORDINATOR_OFFICE = "coordinator_office", _("National Coordinator's office")
    RAPPORTEUR = "rapporteur", _("National Rapporteur")
    INTERNATIONAL_ORG = "international_org", _("International organisation")
    HOTLINE = "hotline", _("Hotline")
    OTHER = "other", _("Other")


_T = OrganisationType
PARTNER_TYPES = frozenset({_T.SOCIAL_WORK_CENTRE, _T.ASSOCIATION, _T.HEALTH, _T.SCHOOL,
                           _T.EMPLOYMENT_SERVICE, _T.INTERNATIONAL_ORG})

# None means "any organisation type".
ALLOWED_ORGANISATION_TYPES: dict[str, frozenset | None] = {
    Role.REPORTER: None,
    Role.HOTLINE_OPERATOR: frozenset({_T.HOTLINE, _T.CENTRE, _T.ASSOCIATION, _T.MINISTRY}),
    Role.CENTRE_CASEWORKER: frozenset({_T.CENTRE}),
    Role.CENTRE_MANAGER: frozenset({_T.CENTRE}),
    Role.SHELTER_STAFF: frozenset({_T.SHELTER}),
    Role.PARTNER_CASEWORKER: PARTNER_TYPES,
    Role.POLICE_OFFICER: frozenset({_T.POLICE_ADMINISTRATION}),
    Role.PROSECUTOR: frozenset({_T.PROSECUTOR_OFFICE}),
    Role.COURT_STAFF: frozenset({_T.COURT}),
    Role.COORDINATOR_ANALYST: frozenset({_T.COORDINATOR_OFFICE}),
    Role.RAPPORTEUR: frozenset({_T.RAPPORTEUR}),
    Role.ADMIN: None,
}

CENTRE_ROLES = frozenset({Role.CENTRE_CASEWORKER, Role.CENTRE_MANAGER})
JUSTICE_ROLES = frozenset({Role.POLICE_OFFICER, Role.PROSECUTOR, Role.COURT_STAFF})
ANALYST_ROLES = frozenset({Role.COORDINATOR_ANALYST, Role.RAPPORTEUR})
