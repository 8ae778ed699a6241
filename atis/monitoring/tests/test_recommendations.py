"""The registry of recommendations, their assessments, and the Rapporteur's headline share,
computed from the assessments."""

import pytest
from django.utils import timezone

from atis.core.errors import AccessDenied, DomainError
from atis.core.roles import Role
from atis.monitoring import loaders, selectors, services
from atis.monitoring.models import Assessment, Recommendation, RecommendationSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_report(reference_data):
    loaders.recommendations_load()
    return RecommendationSource.objects.get(code="nr-1")


def test_both_reports_are_shipped_with_units_and_addressees(first_report):
    second = RecommendationSource.objects.exclude(pk=first_report.pk).get()
    assert first_report.recommendations.count() == 28
    assert second.recommendations.count() == 30
    units = set(Recommendation.objects.values_list("unit", flat=True))
    assert units == set(Recommendation.Unit.values)
    assert Recommendation.objects.filter(addressees__isnull=False).exists()


def test_the_first_reports_headline_share_is_computed_from_its_assessments(first_report, rapporteur):
    year = first_report.assessed_years()[-1]
    share = selectors.acted_share(source=first_report, period_year=year)
    assert (share["acted"], share["total"]) == (15, 28)
    assert f"{share['share']:.0%}" == "54%" and int(share["share"] * 100) == 53

    not_acted = first_report.recommendations.filter(
        assessments__period_year=year, assessments__category="not_acted_upon").first()
    services.assessment_record(actor=rapporteur, recommendation=not_acted, period_year=year,
                               category="being_acted_upon", justification="A working group met.")
    assert selectors.acted_share(source=first_report, period_year=year)["acted"] == 16


def test_an_assessment_replaces_that_years_and_is_kept_per_year(first_report, rapporteur):
    recommendation = first_report.recommendations.first()
    this_year = timezone.localdate().year
    services.assessment_record(actor=rapporteur, recommendation=recommendation,
                               period_year=this_year, category="partially_implemented",
                               justification="First look", evidence="Letter 12/2026")
    services.assessment_record(actor=rapporteur, recommendation=recommendation,
                               period_year=this_year, category="acted_upon",
                               justification="Law amended", needs_formalisation=True)
    assessment = recommendation.assessments.get(period_year=this_year)
    assert assessment.category == "acted_upon" and assessment.needs_formalisation
    assert not assessment.inferred and assessment.assessed_by == rapporteur
    assert recommendation.assessments.count() == 2  # the shipped one for the earlier year stays


@pytest.mark.parametrize(("change", "field"), [
    ({"category": "mostly_done"}, "category"),
    ({"justification": "  "}, "justification"),
    ({"period_year": 2023}, "period_year"),
    ({"period_year": 2999}, "period_year"),
])
def test_bad_assessments_are_refused(first_report, rapporteur, change, field):
    recommendation = first_report.recommendations.first()
    before = Assessment.objects.count()
    args = {"period_year": timezone.localdate().year, "category": "acted_upon",
            "justification": "x", **change}
    with pytest.raises(DomainError) as refused:
        services.assessment_record(actor=rapporteur, recommendation=recommendation, **args)
    assert field in refused.value.fields
    assert Assessment.objects.count() == before


def test_only_the_rapporteur_assesses_and_the_monitoring_offices_link(first_report, coordinator,
                                                                     make_user):
    recommendation = first_report.recommendations.first()
    with pytest.raises(AccessDenied):
        services.assessment_record(actor=coordinator, recommendation=recommendation,
                                   period_year=2024, category="acted_upon", justification="x")
    services.recommendation_link(actor=coordinator, recommendation=recommendation, activities=[])
    with pytest.raises(AccessDenied):
        services.recommendation_link(actor=make_user(Role.POLICE_OFFICER),
                                     recommendation=recommendation, activities=[])


def test_a_greta_report_and_its_recommendations_are_registered(first_report, coordinator, org,
                                                                make_user):
    source = services.recommendation_source_create(
        actor=coordinator, code="greta-3", kind="greta", period_year=2023,
        title="GRETA third evaluation round: Serbia")
    recommendation = services.recommendation_add(
        actor=coordinator, source=source, number="12", unit="identification",
        text="Ensure that the Centre has the staff it needs.", addressees=[org("centre")])
    assert list(recommendation.addressees.values_list("code", flat=True)) == ["centre"]
    assert services.recommendation_add(actor=coordinator, source=source, number="13",
                                       unit="prevention", text="Raise awareness.").addressees.count() == 0
    for change, field in [({"number": "12"}, "number"), ({"unit": "sports"}, "unit"),
                          ({"text": " "}, "text")]:
        with pytest.raises(DomainError) as refused:
            services.recommendation_add(**{"actor": coordinator, "source": source, "number": "14",
                                           "unit": "prevention", "text": "x", **change})
        assert field in refused.value.fields
    for change, field in [({"code": "greta-3"}, "code"), ({"kind": "blog"}, "kind"),
                          ({"period_year": 2999}, "period_year"), ({"title": ""}, "title")]:
        with pytest.raises(DomainError) as refused:
            services.recommendation_source_create(**{
                "actor": coordinator, "code": "tip-2025", "kind": "tip", "period_year": 2025,
                "title": "TIP", **change})
        assert field in refused.value.fields
    assert RecommendationSource.objects.count() == 3 and source.recommendations.count() == 2
    with pytest.raises(AccessDenied):
        services.recommendation_add(actor=make_user(Role.POLICE_OFFICER), source=source, number="20",
                                    unit="prevention", text="x")


def test_a_recommendation_is_linked_to_activities(first_report, strategy, make_user):
    rapporteur = make_user(Role.RAPPORTEUR)
    recommendation = first_report.recommendations.first()
    activities = list(strategy.objectives.first().measures.first().activities.all()[:2])
    services.recommendation_link(actor=rapporteur, recommendation=recommendation,
                                 activities=activities)
    assert set(recommendation.activities.all()) == set(activities)
