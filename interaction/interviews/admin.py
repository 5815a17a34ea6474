"""Staff UI of 在线访谈 and 新闻发布会: draft the event and its guests, submit it, a second person
approves it (four eyes), the moderator starts and ends it, posts the record and the video, and
moderates the citizens' questions (accept with a de-identified public text, reject with a
reason, post a guest's answer).

Every change goes through interaction.interviews.services; the status is read-only. A question's
contact is shown on its moderation page only, and each showing is logged
(interaction.access_log, RecordKind.QUESTION).
"""

from __future__ import annotations

from operator import attrgetter, methodcaller

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from catalog.admin import OrganisationScopedAdmin, ReadOnlyInline
from catalog.admin_exports import ChangeListDownloadMixin
from catalog.admin_scoping import ScopedInline
from interaction.access_log import RecordKind, WriterAccessKind, record_personal_data_access
from interaction.interviews import services
from interaction.interviews.models import Guest, Interview, InterviewEvent, Question, RecordEntry
from interaction.interviews.workflow import QuestionStatus, Status


class GuestForm(forms.ModelForm):
    class Meta:
        model = Guest
        fields = ["name", "title", "photo", "sort_order"]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):  # a new upload, not the stored file
            try:
                services.check_image(photo)
            except services.InterviewError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return photo


class GuestInline(ScopedInline):
    model = Guest
    form = GuestForm
    extra = 1

    def _draft(self, obj) -> bool:
        return obj is None or obj.status == Status.DRAFT

    def has_add_permission(self, request, obj=None):
        return self._draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._draft(obj) and super().has_delete_permission(request, obj)


class EventInline(ReadOnlyInline):
    model = InterviewEvent
    fields = ["created_at", "actor", "action", "from_status", "to_status", "question", "note"]
    verbose_name_plural = "操作记录"


class EntryForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型",
        choices=[c for c in RecordEntry.Kind.choices if c[0] != RecordEntry.Kind.ANSWER],
    )
    guest = forms.ModelChoiceField(
        label="发言嘉宾",
        queryset=Guest.objects.none(),
        required=False,
        empty_label="（主持人或图片）",
    )
    text = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    image = forms.FileField(label="图片", required=False)
    alt_text = forms.CharField(label="图片说明", max_length=200, required=False)

    def __init__(self, *args, interview, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guest"].queryset = interview.guests.all()


class VideoForm(forms.Form):
    video = forms.FileField(label="视频文件", help_text="MP4 或 WebM 格式，不超过500 MB。")
    transcript = forms.CharField(
        label="视频文字稿",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="视频的文字替代内容，供无法观看视频的读者阅读。",
    )


class CorrectionForm(forms.Form):
    text = forms.CharField(label="更正后的内容", widget=forms.Textarea(attrs={"rows": 6}),
                           required=False)  # fmt: skip
    alt_text = forms.CharField(label="更正后的图片说明", max_length=200, required=False)
    note = forms.CharField(
        label="更正说明", max_length=200, help_text="公开显示在该条实录下，例如“更正发言中的数字”。"
    )

    def __init__(self, *args, entry: RecordEntry, **kwargs):
        super().__init__(*args, **kwargs)
        drop = "text" if entry.kind == RecordEntry.Kind.IMAGE else "alt_text"
        del self.fields[drop]


class NoteForm(forms.Form):
    note = forms.CharField(label="理由", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(Interview)
class InterviewAdmin(ChangeListDownloadMixin, OrganisationScopedAdmin):
    export_name = "在线访谈和新闻发布会台账"
    export_columns = [
        ("主题", attrgetter("topic")),
        ("类型", methodcaller("get_kind_display")),
        ("机构", attrgetter("organisation.name")),
        ("开始时间", attrgetter("starts_at")),
        ("结束时间", attrgetter("ends_at")),
        ("地点", attrgetter("place")),
        ("主持人", attrgetter("host")),
        ("状态", methodcaller("get_status_display")),
        ("发布时间", attrgetter("published_at")),
    ]
    export_select_related = ["organisation"]
    export_ordering = ["starts_at", "pk"]
    list_display = ["topic", "kind", "organisation", "starts_at", "status", "questions_link"]
    list_filter = ["kind", "status", ("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["topic", "summary"]
    list_select_related = ["organisation"]
    date_hierarchy = "starts_at"
    inlines = [GuestInline, EventInline]
    fields = [
        "organisation",
        "kind",
        "topic",
        "starts_at",
        "ends_at",
        "place",
        "host",
        "summary",
        "status",
        "created_by",
        "edited_by",
        "approved_by",
        "published_at",
        "started_at",
        "ended_at",
        "video",
        "video_transcript",
    ]
    change_form_template = "interaction/interviews/admin/change_form.html"
    ACTIONS = {
        "submit": ("提交审核", services.submit_interview, False),
        "approve": ("审核发布", services.approve_interview, False),
        "return": ("退回修改", services.return_interview, True),
        "unpublish": ("撤销发布", services.unpublish_interview, True),
        "start": ("开始直播", services.start_interview, False),
        "end": ("结束直播", services.end_interview, False),
    }

    @admin.display(description="网民提问")
    def questions_link(self, obj):
        url = reverse("admin:interaction_question_changelist") + f"?interview__id__exact={obj.pk}"
        return format_html('<a href="{}">审核提问</a>', url)

    def has_delete_permission(self, request, obj=None):
        # Only a draft goes away; what was published stays, as the archive.
        if obj is not None and obj.status != Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fixed = [
            "status",
            "created_by",
            "edited_by",
            "approved_by",
            "published_at",
            "started_at",
            "ended_at",
            "video",
            "video_transcript",
        ]
        if obj is not None and obj.status != Status.DRAFT:
            return list(self.fields)  # only drafts change; the rest through the actions
        return fixed

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        values = {name: data[name] for name in services.EDITABLE if name in data}
        try:
            if not change:
                created = services.create_interview(
                    user=request.user, organisation=data["organisation"], **values
                )
                obj.pk = created.pk
                obj.refresh_from_db()
                return
            if obj.status == Status.DRAFT and form.has_changed():
                services.update_interview(
                    user=request.user, interview=Interview.objects.get(pk=obj.pk), **values
                )
        except services.InterviewError as exc:
            messages.error(request, str(exc))
            raise PermissionDenied(str(exc)) from exc

    def save_formset(self, request, form, formset, change):
        if formset.model is Guest:
            if formset.has_changed():
                # Changing the guests is editing the event: whoever did it cannot approve it.
                try:
                    services.update_interview(
                        user=request.user, interview=Interview.objects.get(pk=form.instance.pk)
                    )
                except services.InterviewError as exc:
                    messages.error(request, str(exc))
                    raise PermissionDenied(str(exc)) from exc
            instances = formset.save(commit=False)
            for deleted in formset.deleted_objects:
                deleted.delete()
            for guest in instances:
                guest.interview_id = form.instance.pk
                guest.save()
            return
        super().save_formset(request, form, formset, change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None:
            user = request.user
            own = user.pk in (obj.created_by_id, obj.edited_by_id)
            extra_context.update(
                own_text=own and obj.status == Status.PENDING,
                available_actions=self._available(user, obj, own),
                may_moderate=user.has_perm(services.MODERATE),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def _available(self, user, obj, own) -> list[tuple[str, str, bool]]:
        may_draft = user.has_perm(services.DRAFT)
        may_publish = user.has_perm(services.PUBLISH)
        may_moderate = user.has_perm(services.MODERATE)
        wanted = {
            Status.DRAFT: [("submit", may_draft)],
            Status.PENDING: [("approve", may_publish and not own), ("return", may_publish)],
            Status.ANNOUNCED: [
                ("start", may_moderate),
                ("end", may_moderate),
                ("unpublish", may_publish),
            ],
            Status.LIVE: [("end", may_moderate)],
            Status.ENDED: [],
        }[Status(obj.status)]
        return [
            (key, self.ACTIONS[key][0], self.ACTIONS[key][2]) for key, allowed in wanted if allowed
        ]

    def get_urls(self):
        custom = [
            path(
                "<int:pk>/do/<str:action>/",
                self.admin_site.admin_view(self.action_view),
                name="interaction_interview_action",
            ),
            path(
                "<int:pk>/live/",
                self.admin_site.admin_view(self.live_view),
                name="interaction_interview_live",
            ),
            path(
                "<int:pk>/entry/",
                self.admin_site.admin_view(self.entry_view),
                name="interaction_interview_entry",
            ),
            path(
                "<int:pk>/entry/<int:entry_pk>/correct/",
                self.admin_site.admin_view(self.correct_view),
                name="interaction_interview_correct_entry",
            ),
            path(
                "<int:pk>/video/",
                self.admin_site.admin_view(self.video_view),
                name="interaction_interview_video",
            ),
        ]
        return custom + super().get_urls()

    def _back(self, interview):
        return HttpResponseRedirect(
            reverse("admin:interaction_interview_change", args=[interview.pk])
        )

    def action_view(self, request: HttpRequest, pk: int, action: str):
        if action not in self.ACTIONS:
            raise PermissionDenied
        interview = get_object_or_404(self.get_queryset(request), pk=pk)
        label, service, needs_note = self.ACTIONS[action]
        form = NoteForm(request.POST or None) if needs_note else None
        if request.method != "POST" and not needs_note:
            return HttpResponseNotAllowed(["POST"])
        if request.method == "POST" and (form is None or form.is_valid()):
            extra = {"note": form.cleaned_data["note"]} if form is not None else {}
            try:
                service(user=request.user, interview=interview, **extra)
            except services.InterviewError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"“{interview.topic}”已{label}。")
            return self._back(interview)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": interview,
            "title": label,
            "action_label": label,
            "form": form,
            "change_url": reverse("admin:interaction_interview_change", args=[interview.pk]),
        }
        return TemplateResponse(request, "interaction/interviews/admin/action.html", context)

    def live_view(self, request: HttpRequest, pk: int):
        """The moderator's console: post speeches and images, upload the video, see the queue."""
        interview = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm(services.MODERATE):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": interview,
            "title": f"直播控制台：{interview.topic}",
            "entry_form": EntryForm(interview=interview),
            "video_form": VideoForm(),
            "entries": interview.entries.select_related("guest", "question").order_by("-id")[:30],
            "pending_questions": interview.questions.filter(status=QuestionStatus.PENDING).count(),
            "accepted_questions": interview.questions.filter(
                status=QuestionStatus.ACCEPTED
            ).count(),
            "change_url": reverse("admin:interaction_interview_change", args=[interview.pk]),
        }
        return TemplateResponse(request, "interaction/interviews/admin/live.html", context)

    def _live(self, interview):
        return HttpResponseRedirect(
            reverse("admin:interaction_interview_live", args=[interview.pk])
        )

    def entry_view(self, request: HttpRequest, pk: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        interview = get_object_or_404(self.get_queryset(request), pk=pk)
        form = EntryForm(request.POST, request.FILES, interview=interview)
        if not form.is_valid():
            messages.error(
                request, "实录未发布：" + "；".join(m for e in form.errors.values() for m in e)
            )
            return self._live(interview)
        data = form.cleaned_data
        try:
            services.add_entry(
                user=request.user,
                interview=interview,
                kind=data["kind"],
                text=data["text"],
                guest=data["guest"],
                image=data["image"],
                alt_text=data["alt_text"],
            )
        except services.InterviewError as exc:
            messages.error(request, f"实录未发布：{exc}")
        else:
            messages.success(request, "实录已发布。")
        return self._live(interview)

    def correct_view(self, request: HttpRequest, pk: int, entry_pk: int):
        interview = get_object_or_404(self.get_queryset(request), pk=pk)
        entry = get_object_or_404(interview.entries.select_related("guest"), pk=entry_pk)
        if not request.user.has_perm(services.MODERATE):
            raise PermissionDenied
        initial = {"text": entry.text, "alt_text": entry.alt_text}
        form = CorrectionForm(request.POST or None, initial=initial, entry=entry)
        if request.method == "POST" and form.is_valid():
            try:
                services.correct_entry(user=request.user, entry=entry, **form.cleaned_data)
            except services.InterviewError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "实录已更正，页面上标注了更正说明。")
                return self._live(interview)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": interview,
            "title": "更正实录",
            "action_label": "更正实录",
            "form": form,
            "change_url": reverse("admin:interaction_interview_live", args=[interview.pk]),
        }
        return TemplateResponse(request, "interaction/interviews/admin/action.html", context)

    def video_view(self, request: HttpRequest, pk: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        interview = get_object_or_404(self.get_queryset(request), pk=pk)
        form = VideoForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(
                request, "视频未上传：" + "；".join(m for e in form.errors.values() for m in e)
            )
            return self._live(interview)
        try:
            services.attach_video(
                user=request.user,
                interview=interview,
                video=form.cleaned_data["video"],
                transcript=form.cleaned_data["transcript"],
            )
        except services.InterviewError as exc:
            messages.error(request, f"视频未上传：{exc}")
        else:
            messages.success(request, "视频已上传。")
        return self._live(interview)


class AcceptForm(forms.Form):
    public_text = forms.CharField(
        label="公开的提问内容",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="公开显示的提问内容，可删改其中的个人信息后采用。",
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label="不予采用理由", max_length=200)


class AnswerForm(forms.Form):
    guest = forms.ModelChoiceField(label="答复嘉宾", queryset=Guest.objects.none())
    text = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, interview, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guest"].queryset = interview.guests.all()


@admin.register(Question)
class QuestionAdmin(ChangeListDownloadMixin, OrganisationScopedAdmin):
    """The moderation queue: the list shows no contact; the moderation page does, logged.
    The download carries the published wording only: no contact, no unmoderated text."""

    export_name = "网民提问台账"
    export_columns = [
        ("编号", attrgetter("number")),
        ("访谈主题", attrgetter("interview.topic")),
        ("状态", methodcaller("get_status_display")),
        ("提问时间", attrgetter("submitted_at")),
        ("公开的提问内容", attrgetter("public_text")),
        ("审核时间", attrgetter("moderated_at")),
        ("答复时间", attrgetter("answered_at")),
    ]
    export_select_related = ["interview"]
    export_ordering = ["submitted_at", "pk"]

    list_display = ["number", "interview", "status", "submitted_at", "excerpt"]
    list_filter = ["status", ("interview", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["number", "text"]
    list_select_related = ["interview"]
    ordering = ["status", "submitted_at", "id"]

    @admin.display(description="提问内容")
    def excerpt(self, obj):
        return (obj.public_text or obj.text)[:60]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        custom = [
            path(
                "<path:object_id>/change/",
                self.admin_site.admin_view(self.moderate_view),
                name="interaction_question_change",
            ),
        ]
        return custom + super().get_urls()

    def moderate_view(self, request: HttpRequest, object_id: str):
        question = get_object_or_404(
            self.get_queryset(request).select_related("interview"), pk=object_id
        )
        interview = question.interview
        step = request.POST.get("step") if request.method == "POST" else None
        accept = AcceptForm(
            request.POST if step == "accept" else None,
            initial={"public_text": services.masked_text(question)},
        )
        reject = RejectForm(request.POST if step == "reject" else None)
        answer = AnswerForm(request.POST if step == "answer" else None, interview=interview)
        if step:
            if not request.user.has_perm(services.MODERATE):
                raise PermissionDenied
            done = self._moderate(request, question, step, accept, reject, answer)
            if done:
                return HttpResponseRedirect(
                    reverse("admin:interaction_question_change", args=[question.pk])
                )
            question.refresh_from_db()
        record_personal_data_access(
            request=request,
            record_kind=RecordKind.QUESTION,
            records=[(interview.organisation_id, question.number)],
            kind=WriterAccessKind.VIEW_CONTACT,
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": question,
            "interview": interview,
            "title": f"审核网民提问 {question.number}",
            "findings": services.question_findings(question, question.text),
            "accept_form": accept,
            "reject_form": reject,
            "answer_form": answer,
            "may_moderate": request.user.has_perm(services.MODERATE),
            "pending": question.status == QuestionStatus.PENDING,
            "accepted": question.status == QuestionStatus.ACCEPTED,
            "events": question.events.select_related("actor"),
        }
        return TemplateResponse(request, "interaction/interviews/admin/moderate.html", context)

    def _moderate(self, request, question, step, accept, reject, answer) -> bool:
        try:
            if step == "accept" and accept.is_valid():
                services.accept_question(
                    user=request.user,
                    question=question,
                    public_text=accept.cleaned_data["public_text"],
                )
                messages.success(request, "提问已采用，已在访谈页面显示。")
                return True
            if step == "reject" and reject.is_valid():
                services.reject_question(
                    user=request.user, question=question, reason=reject.cleaned_data["reason"]
                )
                messages.success(request, "提问已不予采用。")
                return True
            if step == "answer" and answer.is_valid():
                services.answer_question(
                    user=request.user,
                    question=question,
                    guest=answer.cleaned_data["guest"],
                    text=answer.cleaned_data["text"],
                )
                messages.success(request, "嘉宾答复已发布到访谈实录。")
                return True
        except services.QuestionRefused as exc:
            accept.add_error("public_text", str(exc))
        except services.InterviewError as exc:
            messages.error(request, str(exc))
        return False
