"""Public list filters. Malformed values are dropped and reported, never a 500."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

from catalog.models import Category, Organisation, TopicCategory
from disclosures.models import Disclosure, Genre, Validity


class DisclosureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="标题或文号",
        method="filter_text",
        widget=forms.TextInput(attrs={"maxlength": 100, "type": "search"}),
    )
    organisation = django_filters.ModelChoiceFilter(
        label="发布机构",
        field_name="organisation",
        to_field_name="slug",
        queryset=Organisation.objects.active(),
        empty_label="全部机构",
    )
    column = django_filters.ModelChoiceFilter(
        label="栏目",
        method="filter_column",
        to_field_name="slug",
        queryset=Category.objects.filter(kind__in=["statutory", "rules"]),
        empty_label="全部栏目",
    )
    topic = django_filters.ModelChoiceFilter(
        label="主题分类",
        method="filter_topic",
        queryset=TopicCategory.objects.filter(parent__isnull=True),
        empty_label="全部主题",
    )
    genre = django_filters.ChoiceFilter(label="文种", choices=Genre.choices, empty_label="全部文种")
    year = django_filters.NumberFilter(
        label="年份", field_name="published_at", lookup_expr="year", min_value=2000, max_value=2100
    )
    validity = django_filters.ChoiceFilter(
        label="有效性", choices=Validity.choices, empty_label="全部"
    )
    start = django_filters.DateFilter(
        label="起始日期",
        field_name="published_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = django_filters.DateFilter(
        label="结束日期",
        field_name="published_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Disclosure
        fields = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(document_number__icontains=value) | Q(index_number=value)
        )

    def filter_column(self, queryset, name, value):
        """A column includes its sub-columns (one level down)."""
        ids = [value.pk, *value.children.values_list("pk", flat=True)]
        return queryset.in_columns(ids)

    def filter_topic(self, queryset, name, value):
        return queryset.filter(Q(topic=value) | Q(topic__parent=value))

    @property
    def ignored(self) -> list[str]:
        """Labels of the filters whose values were malformed and therefore ignored."""
        if not self.is_bound:
            return []
        self.form.is_valid()
        return [
            str(self.form.fields[name].label)
            for name in self.form.errors
            if name in self.form.fields
        ]
