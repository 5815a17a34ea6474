"""Staff roles as Django groups, and the model permissions each role holds.

Permissions are named by strings ("app_label.codename") so that this module imports no other
app; every app's permissions are listed here, in one place, so a role can be read at a glance.
A permission whose model does not exist yet is skipped and picked up by a later migrate.
Which *objects* a role may touch is decided separately, by organisation membership
(``<Model>.objects.for_staff(user)``).
"""

from __future__ import annotations

INFO_OFFICER = "信息员"  # drafts disclosure items
REVIEWER = "审核员"  # reviews (保密审查) and publishes
CASEWORKER = "依申请经办人"  # handles 依申请公开 applications
SUPERVISOR = "主管"  # all of the above for their organisations, plus annual reports

ALL_ROLES = (INFO_OFFICER, REVIEWER, CASEWORKER, SUPERVISOR)

_VIEW_ORGANISATION = ["catalog.view_organisation"]
_VIEW_CATALOGUE = [
    "catalog.view_category",
    "catalog.view_topiccategory",
    "catalog.view_calendarday",
    "catalog.view_holidayarrangement",
]
_DRAFTING = [
    "disclosures.view_disclosure",
    "disclosures.add_disclosure",
    "disclosures.change_disclosure",
    "disclosures.submit_disclosure",
    "disclosures.view_attachment",
]
_REVIEWING = [
    "disclosures.view_disclosure",
    "disclosures.publish_disclosure",
    "disclosures.view_attachment",
]

# 政策问答 (interaction.KnowledgeEntry): information officers write, reviewers publish (#16).
_KNOWLEDGE_WRITING = [
    "interaction.view_knowledgeentry",
    "interaction.add_knowledgeentry",
    "interaction.change_knowledgeentry",
    "interaction.delete_knowledgeentry",
]
_KNOWLEDGE_PUBLISHING = [
    "interaction.view_knowledgeentry",
    "interaction.publish_knowledgeentry",
]

_HANDLING = [
    "requests_app.view_application",
    "requests_app.add_application",
    "requests_app.handle_application",
    "requests_app.view_replynotice",
    "requests_app.view_appeal",
    "requests_app.add_appeal",
    "requests_app.change_appeal",
    "requests_app.view_conversiondecision",  # 依申请转主动公开 (decided through the queue)
]

# 互动交流: handlers accept, transfer, assign and draft; a 主管 also reviews (four eyes),
# approves extensions, publishes, and keeps the mailboxes and time limits.
_LETTERS = [
    "interaction.view_letter",
    "interaction.handle_letter",
    "interaction.view_reply",
    "interaction.view_letterevent",
    "interaction.view_mailbox",
    "interaction.view_timelimit",
]
_LETTER_REVIEW = [
    "interaction.review_letter",
    "interaction.add_mailbox",
    "interaction.change_mailbox",
    "interaction.add_timelimit",
    "interaction.change_timelimit",
    "interaction.view_writerdataaccess",  # who opened letter writers' personal data
]

# 点题公开 (interaction.Suggestion): handlers draft answers and moderate, reviewers approve
# (four eyes) and link promised items, a 主管 also keeps the per-organisation call.
_SUGGESTIONS = [
    "interaction.view_suggestion",
    "interaction.handle_suggestion",
    "interaction.view_suggestionevent",
    "interaction.view_topiccall",
]
_SUGGESTION_REVIEW = [
    "interaction.view_suggestion",
    "interaction.publish_suggestion",
    "interaction.view_suggestionevent",
    "interaction.view_topiccall",
]
_SUGGESTION_SETTINGS = ["interaction.add_topiccall", "interaction.change_topiccall"]


# 在线访谈 and 新闻发布会 (#17): handlers draft events, moderate questions and post the record;
# a 主管 or 审核员 publishes the event (four eyes).
_INTERVIEWS = [
    "interaction.view_interview",
    "interaction.add_interview",
    "interaction.change_interview",
    "interaction.moderate_interview",
    "interaction.view_question",
    "interaction.view_recordentry",
    "interaction.view_guest",
    "interaction.add_guest",
    "interaction.change_guest",
    "interaction.delete_guest",
]
_INTERVIEW_PUBLISHING = ["interaction.view_interview", "interaction.publish_interview"]


# 意见征集 (#17): drafting offices draft the consultation and its 采纳情况 and moderate the
# comments; reviewers open it and publish the feedback (four eyes); a 主管 also exports the
# commenters' contacts for the drafting office.
_CONSULTATION_DRAFTING = [
    *[f"interaction.{a}_{m}" for m in ("consultation", "draftarticle", "consultationattachment",
      "feedback", "feedbackentry", "offlineopinion") for a in ("view", "add", "change")],
    "interaction.submit_consultation",
    "interaction.view_comment",
    "interaction.moderate_comment",
    "interaction.view_consultationevent",
]  # fmt: skip
_CONSULTATION_REVIEW = [
    "interaction.view_consultation",
    "interaction.view_draftarticle",
    "interaction.view_feedback",
    "interaction.view_feedbackentry",
    "interaction.view_offlineopinion",
    "interaction.view_consultationevent",
    "interaction.open_consultation",
    "interaction.publish_feedback",
]


# 网上调查 (#17): handlers build surveys and moderate free-text answers; a reviewer or 主管
# publishes them (four eyes) and may export raw responses (logged).
_SURVEYS = [
    "interaction.view_survey",
    "interaction.add_survey",
    "interaction.change_survey",
    "interaction.delete_survey",
    "interaction.view_surveyquestion",
    "interaction.add_surveyquestion",
    "interaction.change_surveyquestion",
    "interaction.delete_surveyquestion",
    "interaction.view_textanswer",
    "interaction.change_textanswer",
    "interaction.moderate_survey",
]
_SURVEY_REVIEW = [
    "interaction.view_survey",
    "interaction.view_surveyquestion",
    "interaction.review_survey",
    "interaction.export_survey",
]

_STATISTICS_ENTRY = [
    "reports.view_statisticsseries",
    "reports.view_measure",
    "reports.view_datapoint",
    "reports.add_datapoint",
    "reports.change_datapoint",
    "reports.view_budgetdisclosure",
    "reports.add_budgetdisclosure",
    "reports.change_budgetdisclosure",
]
_STATISTICS_ALL = [
    f"reports.{action}_{model}"
    for model in ("statisticsseries", "measure", "datapoint", "budgetdisclosure")
    for action in ("view", "add", "change", "delete")
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    INFO_OFFICER: [
        *_VIEW_ORGANISATION,
        *_VIEW_CATALOGUE,
        *_DRAFTING,
        *_STATISTICS_ENTRY,
        *_KNOWLEDGE_WRITING,
        *_CONSULTATION_DRAFTING,
        "reports.view_obligation",
        "reports.view_obligationfulfilment",
        "reports.add_obligationfulfilment",
        "disclosures.view_directoryrow",
    ],
    REVIEWER: [
        *_VIEW_ORGANISATION,
        *_VIEW_CATALOGUE,
        *_REVIEWING,
        *_KNOWLEDGE_PUBLISHING,
        *_SUGGESTION_REVIEW,
        *_INTERVIEW_PUBLISHING,
        *_CONSULTATION_REVIEW,
        *_SURVEY_REVIEW,
    ],
    CASEWORKER: [
        *_VIEW_ORGANISATION,
        *_VIEW_CATALOGUE,
        *_HANDLING,
        *_LETTERS,
        *_KNOWLEDGE_WRITING,
        *_SUGGESTIONS,
        *_INTERVIEWS,
        *_CONSULTATION_DRAFTING,
        *_SURVEYS,
    ],
    SUPERVISOR: [
        *_VIEW_ORGANISATION,
        *_VIEW_CATALOGUE,
        "catalog.change_organisation",
        *sorted({*_DRAFTING, *_REVIEWING}),
        "disclosures.import_disclosure",  # brings in the old site's catalogue (#19)
        "disclosures.view_legacyaddress",
        "disclosures.change_legacyaddress",
        *_HANDLING,
        "reports.view_annualreport",
        "reports.add_annualreport",
        "reports.change_annualreport",
        "reports.publish_annualreport",
        # 政府网站工作年度报表: the services also ask for a top-level organisation.
        "reports.view_websitereport",
        "catalog.view_pageview",
        "reports.change_websitereport",
        "reports.publish_websitereport",
        *_STATISTICS_ALL,
        "reports.view_obligation",
        "reports.add_obligation",
        "reports.change_obligation",
        "reports.view_obligationfulfilment",
        "reports.add_obligationfulfilment",
        "reports.view_selfaudit",  # 网站自查 (国办秘函〔2019〕19号) and the link checker's runs
        "reports.view_linkcheckrun",
        *[f"disclosures.{a}_directoryrow" for a in ("view", "add", "change", "delete")],
        "requests_app.view_personaldataaccess",  # who opened applicants' personal data
        # 统一归档 (#19): yearly packages, the restricted one with applicants' data (logged)
        "reports.view_archivepackage",
        "reports.add_archivepackage",
        "reports.archive_restricted",
        "reports.view_archiveevent",
        *sorted({*_LETTERS, *_LETTER_REVIEW, *_KNOWLEDGE_WRITING, *_KNOWLEDGE_PUBLISHING}),
        *sorted({*_SUGGESTIONS, *_SUGGESTION_REVIEW, *_SUGGESTION_SETTINGS}),
        *sorted({*_INTERVIEWS, *_INTERVIEW_PUBLISHING}),
        *sorted({*_CONSULTATION_DRAFTING, *_CONSULTATION_REVIEW}),
        "interaction.export_comment_contacts",
        *sorted({*_SURVEYS, *_SURVEY_REVIEW}),
    ],
}


def sync_role_groups(**_kwargs) -> None:
    """Create the role groups and give each exactly the permissions listed above (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    for role in ALL_ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in ROLE_PERMISSIONS[role]:
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)
