"""Staff UI of 政策问答: write and edit entries, publish and unpublish them (a second person),
and turn a published letter into an entry in one step (“从已公开来信生成”).

Every change goes through interaction.knowledge.services; the form checks the same rules first
so that a mistake is shown next to the field with what was typed kept.
"""

from __future__ import annotations

from operator import attrgetter

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from catalog.admin import OrganisationScopedAdmin
from catalog.admin_exports import ChangeListDownloadMixin
from disclosures.models import Disclosure
from interaction.knowledge import services
from interaction.models import KnowledgeEntry, Letter


class KnowledgeEntryForm(forms.ModelForm):
    class Meta:
        model = KnowledgeEntry
        fields = ["organisation", "question", "answer", "topic", "policies"]

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        policies = cleaned.get("policies")
        if organisation is not None and policies:
            others = [p for p in policies if p.organisation_id != organisation.pk]
            if others:
                self.add_error(
                    "policies",
                    "相关政策只能选择本机构已发布的政府信息，以下文件不属于本机构："
                    + "、".join(p.title for p in others[:3]),
                )
        return cleaned


class FromLetterForm(forms.Form):
    letter = forms.ModelChoiceField(
        label="已公开来信",
        queryset=Letter.objects.none(),
        empty_label="请选择",
        help_text="只列出本机构已公开、尚未生成问答的来信。问题取自公开标题或公开来信内容，"
        "解答取自审核通过的公开答复，生成后可以修改，再由其他人员审核发布。",
        error_messages={"required": "请选择一封来信。", "invalid_choice": "所选来信不可用。"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter"].queryset = services.published_letters_for(user)
        self.fields["letter"].label_from_instance = lambda letter: (
            f"{letter.number}　{letter.public_subject or letter.subject}"
        )


@admin.register(KnowledgeEntry)
class KnowledgeEntryAdmin(ChangeListDownloadMixin, OrganisationScopedAdmin):
    export_name = "政策问答知识库"
    export_columns = [
        ("问题", attrgetter("question")),
        ("机构", attrgetter("organisation.name")),
        ("主题", attrgetter("topic")),
        ("解答", attrgetter("answer")),
        ("已发布", attrgetter("is_published")),
        ("发布时间", attrgetter("published_at")),
    ]
    export_select_related = ["organisation"]
    export_ordering = ["organisation__sort_order", "pk"]
    form = KnowledgeEntryForm
    list_display = ["question", "organisation", "topic", "is_published", "published_at"]
    list_filter = ["is_published", ("organisation", admin.RelatedOnlyFieldListFilter), "topic"]
    search_fields = ["question", "answer"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["policies"]
    readonly_fields = [
        "source_letter_link",
        "is_published",
        "published_at",
        "created_by",
        "edited_by",
        "reviewed_by",
    ]
    fieldsets = [
        (None, {"fields": ["organisation", "question", "answer", "topic", "policies"]}),
        (
            "来源和审核",
            {
                "fields": [
                    "source_letter_link",
                    "is_published",
                    "published_at",
                    "created_by",
                    "edited_by",
                    "reviewed_by",
                ]
            },
        ),
    ]
    change_form_template = "interaction/knowledge/admin/change_form.html"
    change_list_template = "interaction/knowledge/admin/change_list.html"

    @admin.display(description="来源来信")
    def source_letter_link(self, obj):
        if obj is None or obj.source_letter_id is None:
            return "—"
        return obj.source_letter.number

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "policies":
            kwargs["queryset"] = Disclosure.objects.listed()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        # A published entry is unpublished first, so that nothing disappears unreviewed.
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        values = {
            "question": data["question"],
            "answer": data["answer"],
            "topic": data.get("topic", ""),
            "policies": list(data.get("policies") or []),
        }
        try:
            if not change:
                created = services.create_entry(
                    user=request.user, organisation=data["organisation"], **values
                )
                obj.pk = created.pk
                return
            was_published = KnowledgeEntry.objects.filter(pk=obj.pk, is_published=True).exists()
            services.update_entry(
                user=request.user, entry=KnowledgeEntry.objects.get(pk=obj.pk), **values
            )
            if was_published:
                messages.warning(
                    request, "问答内容已修改，已撤下公开页面，请由其他人员审核后重新发布。"
                )
        except services.KnowledgeError as exc:
            messages.error(request, str(exc))
            raise PermissionDenied(str(exc)) from exc

    def save_related(self, request, form, formsets, change):
        """The policies were saved by the service."""

    # ---- publish, unpublish, from a letter

    def get_urls(self):
        custom = [
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="interaction_knowledgeentry_publish",
            ),
            path(
                "<int:pk>/unpublish/",
                self.admin_site.admin_view(self.unpublish_view),
                name="interaction_knowledgeentry_unpublish",
            ),
            path(
                "from-letter/",
                self.admin_site.admin_view(self.from_letter_view),
                name="interaction_knowledgeentry_from_letter",
            ),
        ]
        return custom + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None:
            own = request.user.pk in (obj.created_by_id, obj.edited_by_id)
            may_publish = request.user.has_perm(services.PUBLISH)
            extra_context["own_text"] = own and not obj.is_published
            extra_context["can_publish"] = may_publish and not own and not obj.is_published
            extra_context["can_unpublish"] = may_publish and obj.is_published
        return super().change_view(request, object_id, form_url, extra_context)

    def _publishing(self, request: HttpRequest, pk: int, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        entry = get_object_or_404(self.get_queryset(request), pk=pk)
        try:
            action(user=request.user, entry=entry)
        except services.KnowledgeError as exc:
            messages.error(request, str(exc))
        else:
            done = "已发布" if action is services.publish_entry else "已撤销发布"
            messages.success(request, f"政策问答“{entry.question}”{done}。")
        return HttpResponseRedirect(
            reverse("admin:interaction_knowledgeentry_change", args=[entry.pk])
        )

    def publish_view(self, request: HttpRequest, pk: int):
        return self._publishing(request, pk, services.publish_entry)

    def unpublish_view(self, request: HttpRequest, pk: int):
        return self._publishing(request, pk, services.unpublish_entry)

    def from_letter_view(self, request: HttpRequest):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = FromLetterForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                entry = services.entry_from_letter(
                    user=request.user, letter=form.cleaned_data["letter"]
                )
            except services.KnowledgeError as exc:
                form.add_error("letter", str(exc))
            else:
                messages.success(
                    request,
                    format_html(
                        "已根据来信{}生成政策问答草稿，请核对修改后由其他人员审核发布。",
                        entry.source_letter.number,
                    ),
                )
                return HttpResponseRedirect(
                    reverse("admin:interaction_knowledgeentry_change", args=[entry.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "从已公开来信生成政策问答",
            "form": form,
        }
        return TemplateResponse(request, "interaction/knowledge/admin/from_letter.html", context)
