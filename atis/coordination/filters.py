"""The filters and order of the coordination pages' lists: memos (the latest sent first)
and meetings (the latest held first), unless `sort` says otherwise."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from atis.coordination import selectors
from atis.coordination.models import Meeting, Memo
from atis.core.filters import DATE, FilterForm, StableOrderingFilter
from atis.reference import selectors as reference


class MemoFilter(django_filters.FilterSet):
    number = django_filters.CharFilter(field_name="reference", lookup_expr="icontains",
                                       label=_("Memo number"))
    kind = django_filters.ChoiceFilter(choices=lambda: reference.cached_choices("memo_kind"),
                                       label=_("Kind"))
    response = django_filters.ChoiceFilter(choices=Memo.Response.choices, label=_("Reply"))
    overdue = django_filters.BooleanFilter(method="only_overdue", label=_("Only overdue"),
                                           widget=forms.CheckboxInput)
    sent_from = django_filters.DateFilter(field_name="sent_on", lookup_expr="gte",
                                          label=_("Sent on or after"), widget=DATE)
    sent_to = django_filters.DateFilter(field_name="sent_on", lookup_expr="lte",
                                        label=_("Sent on or before"), widget=DATE)
    sort = StableOrderingFilter(
        then=("-sent_on", "-pk"), label=_("Sort by"), empty_label=_("Latest sent first"),
        fields=(("reference", "number"), ("sent_on", "sent"), ("due_on", "due")),
        field_labels={"reference": _("Memo number"), "sent_on": _("Sent on"),
                      "due_on": _("Reply due by")})

    class Meta:
        model = Memo
        fields = []
        form = FilterForm

    def only_overdue(self, queryset, name, value):
        return queryset.filter(selectors.memo_overdue_q()) if value else queryset


class MeetingFilter(django_filters.FilterSet):
    """The group's choices are the groups the page lists (`groups`): no query of its own."""

    group = django_filters.ChoiceFilter(label=_("Group"))
    held_from = django_filters.DateFilter(field_name="held_on", lookup_expr="gte",
                                          label=_("Held on or after"), widget=DATE)
    held_to = django_filters.DateFilter(field_name="held_on", lookup_expr="lte",
                                        label=_("Held on or before"), widget=DATE)
    sort = StableOrderingFilter(then=("-held_on", "-pk"), label=_("Sort by"),
                                empty_label=_("Newest first"), fields=(("held_on", "held"),),
                                choices=[("held", _("Oldest first"))])

    class Meta:
        model = Meeting
        fields = []
        form = FilterForm

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["group"].extra["choices"] = [(g.pk, g.name) for g in groups]
