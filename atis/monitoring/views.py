"""Pages of monitoring: the workspace (plans, overdue reports, my activities, my
questionnaires), a plan and an activity with its progress, the consolidated report, the
recommendations, the questionnaire campaign and answering it, and the registries."""

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from atis.core import access
from atis.core.errors import DomainError
from atis.monitoring import forms as f
from atis.monitoring import loaders, reports, selectors, services
from atis.monitoring.models import Activity, RecommendationSource
from atis.statistics.exports import PdfUnavailable
from atis.web.forms import errors_text, run_action
from atis.web.lookups import or_404


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def workspace(request):
    user = request.user
    import_form = f.ImportForm()
    if request.method == "POST":
        access.require(user, "monitoring.manage")
        import_form = f.ImportForm(request.POST, request.FILES)
        if run_action(request, import_form, lambda d: loaders.action_plan_import(
                actor=user, code=d["code"], title=d["title"], starts_on=d["starts_on"],
                ends_on=d["ends_on"], content=d["file"].read())):
            return redirect("monitoring")
    may = {action.replace(".", "_"): access.may(user, action) for action in (
        "monitoring.view", "monitoring.manage", "progress.report", "questionnaire.answer",
        "campaign.manage")}
    context = {"documents": selectors.document_summaries(user=user), "may": may,
               "import_form": import_form, "today": timezone.localdate()}
    if may["monitoring_view"]:
        context["overdue"] = selectors.overdue_reports(user=user)
    if may["progress_report"]:
        context["my_activities"] = selectors.my_activities(user=user)
    if may["questionnaire_answer"]:
        context["questionnaires"] = selectors.my_questionnaires(user=user)
    return render(request, "monitoring/workspace.html", context)


@login_required
def template_download(request):
    selectors.documents(user=request.user)
    return _download(loaders.template_xlsx(), reports.XLSX, "action-plan-template.xlsx")


@login_required
def plan(request, pk: int):
    user = request.user
    document = or_404(lambda: selectors.documents(user=user).get(pk=pk))
    if request.method == "POST":
        try:
            services.document_close(actor=user, document=document)
        except DomainError as exc:
            messages.error(request, errors_text(exc.fields))
        return redirect("plan-page", pk=pk)
    this_year = timezone.localdate().year
    return render(request, "monitoring/plan.html", {
        "may_close": access.may(user, "monitoring.manage") and not document.closed,
        "document": document, "tree": selectors.plan_tree(user=user, document=document),
        "years": list(range(min(this_year, document.ends_on.year), document.starts_on.year - 1, -1)),
        "formats": reports.FORMATS})


@csp_update({"style-src": ["'unsafe-inline'"]})
@login_required
def plan_report(request, pk: int):
    """The consolidated report for a month or a year, in the format asked for."""
    user = request.user
    document = or_404(lambda: selectors.documents(user=user).get(pk=pk))
    year, month, fmt = (request.GET.get(k, "") for k in ("year", "month", "format"))
    if not year.isdigit() or not (month == "" or month.isdigit() and 0 <= int(month) <= 12) \
            or fmt not in reports.FORMATS:
        raise Http404
    report = reports.consolidated(user=user, document=document, year=int(year),
                                  month=int(month or 0))
    try:
        content, content_type = reports.render(report, fmt, user=user)
    except PdfUnavailable:
        return HttpResponse(_("PDF output needs the Pango libraries on the server."), status=503,
                            content_type="text/plain")
    if fmt == "html":
        return HttpResponse(content, content_type=content_type)
    return _download(content, content_type, reports.filename(report, fmt))


def _activity(user, pk: int) -> Activity:
    return or_404(lambda: Activity.objects.select_related("measure__objective__document").get(
        pk=pk, measure__objective__document__in=selectors.documents(user=user)))


@login_required
def activity(request, pk: int):
    user = request.user
    item = _activity(user, pk)
    today = timezone.localdate()
    form = f.ProgressForm(indicators=item.indicators.all(),
                          initial={"year": today.year, "month": today.month})
    if request.method == "POST":
        form = f.ProgressForm(request.POST, indicators=item.indicators.all())
        if run_action(request, form, lambda d: services.progress_report_submit(
                actor=user, activity=item, **form.report()), requires="progress.report"):
            return redirect("activity-page", pk=pk)
    may_report = access.may(user, "progress.report") and not item.measure.objective.document.closed \
        and (access.may(user, "monitoring.manage")
             or item.responsible.filter(pk=getattr(user.organisation, "pk", None)).exists())
    return render(request, "monitoring/activity.html", {
        "activity": item, "reports": item.progress_reports.select_related("organisation"),
        "may_report": may_report, "form": form})


def _assessment_form(recommendation, data=None):
    """Each recommendation's assessment form has ids of its own, so every label finds its field."""
    return f.AssessmentForm(data, auto_id=f"id_r{recommendation.pk}_%s",
                            initial={"period_year": timezone.localdate().year - 1})


def _recommendations_post(request):
    """Redirects when the action was done; else the bound forms to show again: {name: form},
    with the failed assessment under its recommendation's id."""
    user, post = request.user, request.POST
    action = post.get("action")
    if action == "source":
        form = f.SourceForm(post)
        if run_action(request, form,
                      lambda d: services.recommendation_source_create(actor=user, **d),
                      requires="recommendations.manage"):
            return redirect(f"{request.path}?source={post.get('code', '')}")
        return {"source_form": form}
    if action == "recommendation":
        source = or_404(lambda: RecommendationSource.objects.get(code=post.get("source")))
        form = f.RecommendationForm(post)
        if run_action(request, form,
                      lambda d: services.recommendation_add(actor=user, source=source, **d),
                      requires="recommendations.manage"):
            return redirect(f"{request.path}?source={source.code}")
        return {"recommendation_form": form, "source": source}
    if action != "assess":
        raise Http404
    recommendation = or_404(lambda: selectors.recommendation_list(user=user).get(
        pk=post.get("recommendation")))
    form = _assessment_form(recommendation, post)
    if run_action(request, form, lambda d: services.assessment_record(
            actor=user, recommendation=recommendation, **d), requires="recommendations.assess"):
        return redirect(f"{request.path}?source={recommendation.source.code}")
    return {"failed": recommendation, "failed_form": form, "source": recommendation.source}


@login_required
def recommendations(request):
    user = request.user
    bound = {}
    if request.method == "POST":
        bound = _recommendations_post(request)
        if isinstance(bound, HttpResponse):
            return bound
    sources = list(RecommendationSource.objects.all())
    code = (bound["source"].code if "source" in bound else request.GET.get("source")) or \
        (sources[-1].code if sources else "")
    source = next((s for s in sources if s.code == code), None)
    shares = [{"source": s, "year": year, **selectors.acted_share(source=s, period_year=year)}
              for s in sources for year in s.assessed_years()]
    rows = list(selectors.recommendation_list(user=user, source=source)) if source else []
    for row in rows:
        row.assessment_form = (bound["failed_form"] if row == bound.get("failed")
                               else _assessment_form(row))
    return render(request, "monitoring/recommendations.html", {
        "sources": sources, "source": source, "shares": shares, "rows": rows,
        "may_assess": access.may(user, "recommendations.assess"),
        "may_manage": access.may(user, "recommendations.manage"),
        "source_form": bound.get("source_form", f.SourceForm()),
        "recommendation_form": bound.get("recommendation_form", f.RecommendationForm()),
        "failed": bound.get("failed"), "open_action": request.POST.get("action")})


@login_required
def campaigns(request):
    user = request.user
    form = f.CampaignForm()
    if request.method == "POST":
        form = f.CampaignForm(request.POST)
        if run_action(request, form, lambda d: services.campaign_create(actor=user, **d),
                      requires="campaign.manage"):
            return redirect("campaigns")
    return render(request, "monitoring/campaigns.html", {
        "campaigns": selectors.campaigns(user=user), "form": form, "failed": form.is_bound})


@login_required
def campaign(request, pk: int):
    user = request.user
    item = or_404(lambda: selectors.campaigns(user=user).get(pk=pk))
    bound = {}
    if request.method == "POST":
        action = request.POST.get("action")
        done = True
        if action == "question":
            bound = {"question_form": f.QuestionForm(request.POST)}
            done = run_action(request, bound["question_form"],
                              lambda d: services.question_add(actor=user, campaign=item, **d),
                              requires="campaign.manage")
        elif action == "send":
            bound = {"send_form": f.SendForm(request.POST)}
            done = run_action(request, bound["send_form"],
                              lambda d: services.questionnaires_send(actor=user, campaign=item, **d),
                              requires="campaign.manage")
        elif action == "remind":
            count = services.reminders_send(actor=user, campaign=item)
            messages.success(request, _("%(n)d stakeholders reminded.") % {"n": count})
        else:
            raise Http404
        if done:
            return redirect("campaign-page", pk=pk)
    return render(request, "monitoring/campaign.html", {
        "campaign": item, "status": selectors.campaign_status(user=user, campaign=item),
        "questions": item.questions.all(), "question_form": f.QuestionForm(),
        "send_form": f.SendForm(), **bound})


@login_required
def campaign_answers(request, pk: int):
    user = request.user
    item = or_404(lambda: selectors.campaigns(user=user).get(pk=pk))
    rows = selectors.answers_table(user=user, campaign=item)
    return _download(reports.answers_xlsx(rows, user=user, campaign=item), reports.XLSX,
                     f"answers-{item.year}.xlsx")


@login_required
def questionnaire(request, pk: int):
    """A stakeholder answers (save, or submit as final); the Rapporteur's office reads."""
    user = request.user
    item = or_404(lambda: selectors.questionnaire_get(user=user, pk=pk))
    if request.method == "POST":
        answers = {key[1:]: value for key, value in request.POST.items()
                   if key.startswith("q") and key[1:].isdigit()}
        try:
            services.answers_save(actor=user, questionnaire=item, answers=answers,
                                  submit="submit" in request.POST)
        except DomainError as exc:
            messages.error(request, errors_text(exc.fields))
        else:
            messages.success(request, _("Answers submitted.") if "submit" in request.POST
                             else _("Saved."))
        return redirect("questionnaire-page", pk=pk)
    return render(request, "monitoring/questionnaire.html", {
        "questionnaire": item,
        "rows": selectors.questionnaire_form(user=user, questionnaire=item),
        "may_answer": item.organisation_id == getattr(user.organisation, "pk", None)
        and access.may(user, "questionnaire.answer") and not item.received_on})


REGISTRY_FORMS = {
    "training": (f.TrainingForm, lambda user, form: services.training_record(
        actor=user, **form.record())),
    "prevention": (f.PreventionForm, lambda user, form: services.prevention_record(
        actor=user, **form.record())),
    "hotline": (f.HotlineForm, lambda user, form: services.hotline_activity_record(
        actor=user, **form.cleaned_data)),
    "local_team": (f.LocalTeamForm, lambda user, form: services.local_team_assess(
        actor=user, **form.cleaned_data)),
}


@login_required
def registries(request):
    user = request.user
    bound = {}
    if request.method == "POST":
        entry = REGISTRY_FORMS.get(request.POST.get("action"))
        if entry is None:
            raise Http404
        form_class, record = entry
        form = form_class(request.POST)
        if run_action(request, form, lambda _d: record(user, form)):
            return redirect("registries")
        bound = {f"{request.POST['action']}_form": form}
    year = timezone.localdate().year
    context = {"year": year, "trainings": selectors.trainings(user=user)[:50],
               "by_category": selectors.participants_by_category(user=user, year=year),
               "prevention": selectors.prevention_activities(user=user)[:50],
               "training_form": f.TrainingForm(), "prevention_form": f.PreventionForm()}
    if access.may(user, "registry.hotline") or access.may(user, "monitoring.view"):
        context["hotline"] = selectors.hotline_activity(user=user)[:50]
        context["hotline_form"] = f.HotlineForm() if access.may(user, "registry.hotline") else None
    if access.may(user, "monitoring.view"):
        context["local_teams"] = selectors.local_team_assessments(user=user)
        context["local_team_form"] = f.LocalTeamForm() if access.may(
            user, "monitoring.manage") else None
    context.update({k: v for k, v in bound.items() if context.get(k) is not None})
    return render(request, "monitoring/registries.html", context)
