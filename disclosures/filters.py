"""Public list filters. Malformed values are dropped and reported, never a 500.

The form is on every list page, so it costs no query and no template work per request: the
choices (organisations, columns, topics) come from the site memo (catalog.sitecache), their
``<option>`` lists are rendered once per site version, and the widgets write their HTML
directly instead of going through the form template renderer.
"""

from __future__ import annotations

import copy

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, Value
from django.db.models.functions import StrIndex, Upper
from django.db.models.lookups import GreaterThan
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django_filters.fields import ModelChoiceField

from catalog import sitecache
from catalog.models import Category, Organisation, TopicCategory
from disclosures.models import Disclosure, Genre, Validity
from disclosures.search import planner
from disclosures.search import text as text_search

COLUMN_KINDS = ("statutory", "rules")


class _DirectInput:
    """An ``<input>`` written directly (same markup as Django's template)."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        value = self.format_value(value)
        shown = "" if value is None else f' value="{escape(value)}"'
        return mark_safe(  # noqa: S308 - every part is escaped above or by flatatt
            f'<input type="{self.input_type}" name="{escape(name)}"{shown}{flatatt(final)}>'
        )


class TextInput(_DirectInput, forms.TextInput):
    pass


class NumberInput(_DirectInput, forms.NumberInput):
    pass


class DateInput(_DirectInput, forms.DateInput):
    pass


class Select(forms.Select):
    """A ``<select>`` whose options are rendered once per site version (``options_key``)."""

    options_key: str | None = None

    @property
    def choices(self):
        return self._choices

    @choices.setter
    def choices(self, value):
        # Kept as given: normalising 100 organisations on every form copy costs more than
        # rendering them, and the options are only read through ``options_key``'s memo.
        self._choices = value

    def _options(self) -> str:
        def build() -> str:
            return "".join(
                f'<option value="{escape(value)}">{escape(label)}</option>'
                for value, label in self.choices
            )

        if self.options_key is None:
            return build()
        return sitecache.memo(("filter-options", self.options_key), build)

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        values = self.format_value(value)
        options = self._options()
        if values:
            option = f'<option value="{escape(values[0])}">'
            options = options.replace(option, option[:-1] + " selected>", 1)
        return mark_safe(f'<select name="{escape(name)}"{flatatt(final)}>{options}</select>')  # noqa: S308


class MemoModelChoiceField(ModelChoiceField):
    """A model choice whose choices and lookups come from the site memo, not the database."""

    def __init__(self, *args, options, lookup, **kwargs):
        self._memo_options = options
        self._memo_lookup = lookup
        super().__init__(*args, **kwargs)

    @property
    def choices(self):
        return [("", self.empty_label), *self._memo_options()]

    @choices.setter
    def choices(self, value):  # set by Django when the queryset changes; the memo is the truth
        pass

    def to_python(self, value):
        if value in self.empty_values:
            return None
        found = self._memo_lookup(str(value))
        if found is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


class _CheapCopy:
    """Filters are configuration: each FilterSet gets a shallow copy, not a deep copy of the
    widgets, querysets and choices (which django-filter's deepcopy costs on every request)."""

    def __deepcopy__(self, memo):
        clone = copy.copy(self)
        clone.extra = dict(self.extra)
        clone.__dict__.pop("_field", None)
        if clone.method is not None:
            clone.method = clone.method  # bind the method filter to the copy
        return clone


class CharFilter(_CheapCopy, django_filters.CharFilter):
    pass


class NumberFilter(_CheapCopy, django_filters.NumberFilter):
    pass


class DateFilter(_CheapCopy, django_filters.DateFilter):
    pass


class ChoiceFilter(_CheapCopy, django_filters.ChoiceFilter):
    pass


class MemoModelChoiceFilter(_CheapCopy, django_filters.ModelChoiceFilter):
    field_class = MemoModelChoiceField

    def __init__(self, *args, options_key: str, **kwargs):
        super().__init__(*args, widget=_select(options_key), **kwargs)


def _select(options_key: str) -> Select:
    widget = Select()
    widget.options_key = options_key
    return widget


def _organisation_options():
    return [(o.slug, o.name) for o in sitecache.active_organisations()]


def _column_options():
    tree = sitecache.column_tree()
    return [(c.slug, str(c)) for c in tree.by_slug.values() if c.kind in COLUMN_KINDS]


def _column_lookup(slug: str):
    column = sitecache.column_tree().by_slug.get(slug)
    return column if column is not None and column.kind in COLUMN_KINDS else None


def _topic_options():
    return [(str(t.pk), str(t)) for t in sitecache.top_topics()]


def _topic_lookup(value: str):
    return next((t for t in sitecache.top_topics() if str(t.pk) == value), None)


def _contains_ci(field: str, value: str) -> GreaterThan:
    """``field`` contains ``value``, case-insensitively (Django's icontains, without LIKE)."""
    return GreaterThan(StrIndex(Upper(field), Upper(Value(value))), 0)


def _has_word_character(value: str) -> None:
    """Punctuation alone finds nothing worth a scan of every title: the filter is ignored."""
    if value.strip() and not any(ch.isalnum() for ch in value):
        raise ValidationError("请输入汉字、字母或数字。", code="no_word")


class DisclosureFilter(django_filters.FilterSet):
    q = CharFilter(
        label="标题或文号",
        method="filter_text",
        max_length=100,
        validators=[_has_word_character],
        widget=TextInput(attrs={"maxlength": 100, "type": "search"}),
    )
    organisation = MemoModelChoiceFilter(
        label="发布机构",
        field_name="organisation",
        to_field_name="slug",
        queryset=Organisation.objects.active(),
        empty_label="全部机构",
        options=_organisation_options,
        lookup=sitecache.organisation_by_slug,
        options_key="organisation",
    )
    column = MemoModelChoiceFilter(
        label="栏目",
        method="filter_column",
        to_field_name="slug",
        queryset=Category.objects.filter(kind__in=COLUMN_KINDS),
        empty_label="全部栏目",
        options=_column_options,
        lookup=_column_lookup,
        options_key="column",
    )
    topic = MemoModelChoiceFilter(
        label="主题分类",
        method="filter_topic",
        queryset=TopicCategory.objects.filter(parent__isnull=True),
        empty_label="全部主题",
        options=_topic_options,
        lookup=_topic_lookup,
        options_key="topic",
    )
    genre = ChoiceFilter(
        label="文种", choices=Genre.choices, empty_label="全部文种", widget=_select("genre")
    )
    year = NumberFilter(
        label="年份",
        field_name="published_at",
        lookup_expr="year",
        min_value=2000,
        max_value=2100,
        widget=NumberInput(),
    )
    validity = ChoiceFilter(
        label="有效性", choices=Validity.choices, empty_label="全部", widget=_select("validity")
    )
    start = DateFilter(
        label="起始日期",
        field_name="published_at",
        lookup_expr="date__gte",
        widget=DateInput(attrs={"type": "date"}),
    )
    end = DateFilter(
        label="结束日期",
        field_name="published_at",
        lookup_expr="date__lte",
        widget=DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Disclosure
        fields = []

    def get_form_class(self):
        """Built once per class: the fields do not depend on the request."""
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # icontains as strpos(): the same test, but PostgreSQL rates it as keeping a third of
        # the rows instead of a few, so for text in many titles it walks the newest items
        # (stopping at a page) rather than reading every heading that holds it and sorting.
        fields = (
            Q(_contains_ci("title", value))
            | Q(_contains_ci("document_number", value))
            | Q(index_number=value)
        )
        # Every item that matches holds the text's tokens in ``heading`` (GIN-indexed): the
        # planner looks them up, or for text in many titles walks the newest items, as their
        # statistics say; the fields then decide.
        query = text_search.containing_query(value)
        if query is not None:
            queryset = queryset.filter(planner.vector_matches("heading", query.tsquery()))
        return queryset.filter(fields)

    def filter_column(self, queryset, name, value):
        """A column includes its sub-columns (one level down): the column listing has them."""
        return queryset.under_column(value.pk)

    def filter_topic(self, queryset, name, value):
        child_ids = getattr(value, "child_ids", None)
        if child_ids is None:
            return queryset.filter(Q(topic=value) | Q(topic__parent=value))
        return queryset.filter(topic_id__in=[value.pk, *child_ids])

    def fields_html(self, *, hide: str | None = None, only=None) -> str:
        """The form's labelled fields (what ``_filter_form.html`` loops over), written directly;
        without ``hide``, or only those in ``only`` (in the form's order)."""
        form = self.form
        parts = []
        for name, field in form.fields.items():
            if name == hide or (only is not None and name not in only):
                continue
            html_name = form.add_prefix(name)
            value = field.widget.value_from_datadict(form.data, form.files, html_name)
            if not form.is_bound:
                value = form.get_initial_for_field(field, name)
            widget_id = f"id_{html_name}"
            widget = field.widget.render(html_name, value, attrs={"id": widget_id})
            parts.append(
                f'<div class="filter-field"><label for="{widget_id}">{escape(field.label)}</label>'
                f"{widget}</div>"
            )
        return mark_safe("".join(parts))  # noqa: S308 - labels escaped, widgets escape their own

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
