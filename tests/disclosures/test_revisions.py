"""Four eyes on every public change: an edit of a published item waits as a revision until a
reviewer who did not edit it approves; whoever edited content may not approve it."""

import html

import pytest
from django.urls import reverse

from catalog import roles
from disclosures import services
from disclosures.models import Disclosure, DisclosureEvent
from disclosures.revisions.models import DisclosureRevision, RevisionState
from disclosures.workflow import Status
from tests.disclosures import samples
from tests.disclosures.factories import (
    DraftFactory,
    author_of,
    column,
    make_published,
    make_submitted,
    reviewer_of,
    upload,
)
from tests.disclosures.test_admin import form_fields, post_page
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def change_url(item):
    return reverse("admin:disclosures_disclosure_change", args=[item.pk])


def revision_url(item, decision):
    return reverse("admin:disclosures_disclosure_revision", args=[item.pk, decision])


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def edit_through_admin(client, item, **changes):
    """Post the change form of ``item`` as a browser would, with ``changes`` typed in."""
    page = client.get(change_url(item))
    assert page.status_code == 200
    data = {
        **form_fields(page),
        "organisation": str(item.organisation_id),
        "categories": [str(c.pk) for c in item.categories.all()],
        "genre": item.genre,
        "topic": str(item.topic_id or ""),
        "interprets": "",
        "_save": "保存",
        **changes,
    }
    return client.post(change_url(item), data)


def public_page(client, item) -> str:
    return text_of(client.get(item.get_absolute_url()))


@pytest.fixture
def published(org_a):
    author = author_of(org_a)
    reviewer = reviewer_of(org_a)
    item = make_published(
        organisation=org_a, author=author, reviewer=reviewer, title="关于低保复核的通知"
    ).disclosure
    return item, author, reviewer


def test_an_edit_of_a_published_item_waits_for_review_and_the_public_keeps_the_old_version(
    client, published
):
    item, author, _ = published
    client.force_login(author)
    response = edit_through_admin(client, item, title="关于低保复核工作的补充通知")
    assert response.status_code == 302
    assert "须由修改人以外的审核人员审核通过后生效" in text_of(client.get(response.url))
    item.refresh_from_db()
    assert item.title == "关于低保复核的通知"
    assert item.content_updated_at is None
    revision = DisclosureRevision.objects.get(disclosure=item)
    assert revision.state == RevisionState.PENDING
    assert revision.values == {"title": "关于低保复核工作的补充通知"}
    assert list(revision.editors.all()) == [author]
    assert item.events.latest("id").action == DisclosureEvent.Action.PROPOSE
    client.logout()
    page = public_page(client, item)
    assert "关于低保复核的通知" in page
    assert "补充通知" not in page
    assert not Disclosure.objects.listed().filter(title__contains="补充通知").exists()


def test_the_change_form_shows_the_pending_revision_to_continue_editing(client, published):
    item, author, _ = published
    client.force_login(author)
    edit_through_admin(client, item, title="修改后的标题")
    page = client.get(change_url(item))
    assert form_fields(page)["title"] == "修改后的标题"
    assert "有待审核的修改稿" in text_of(page)


def test_another_reviewer_approves_the_revision_and_the_public_page_changes(client, published):
    item, author, reviewer = published
    client.force_login(author)
    edit_through_admin(client, item, title="关于低保复核工作的补充通知")
    client.force_login(reviewer)
    waiting = client.get(reverse("admin:disclosures_disclosure_changelist") + "?revision=pending")
    assert change_url(item) in waiting.content.decode()
    assert revision_url(item, "approve") in client.get(change_url(item)).content.decode()
    response = post_page(client, revision_url(item, "approve"), {"note": "同意"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "关于低保复核工作的补充通知"
    assert item.content_updated_at is not None
    assert item.reviewed_by == reviewer
    revision = DisclosureRevision.objects.get(disclosure=item)
    assert (revision.state, revision.decided_by) == (RevisionState.APPROVED, reviewer)
    event = item.events.latest("id")
    assert (event.action, event.actor) == (DisclosureEvent.Action.APPROVE_REVISION, reviewer)
    assert event.changes["标题"] == ["关于低保复核的通知", "关于低保复核工作的补充通知"]
    client.logout()
    assert "关于低保复核工作的补充通知" in public_page(client, item)
    assert Disclosure.objects.listed().filter(title="关于低保复核工作的补充通知").exists()


def test_the_editor_cannot_approve_their_own_revision(client, org_a):
    supervisor = make_staff(role=roles.SUPERVISOR, organisations=[org_a])
    item = make_published(organisation=org_a, title="原标题").disclosure
    client.force_login(supervisor)
    edit_through_admin(client, item, title="主管改写的标题")
    page = client.get(change_url(item)).content.decode()
    assert revision_url(item, "approve") not in page
    response = post_page(client, revision_url(item, "approve"))
    assert response.status_code == 200
    assert "修改人以外的审核人员" in text_of(response)
    item.refresh_from_db()
    assert item.title == "原标题"
    assert DisclosureRevision.objects.get(disclosure=item).state == RevisionState.PENDING


def test_a_rejected_revision_is_discarded_and_the_published_version_stays(client, published):
    item, author, reviewer = published
    client.force_login(author)
    edit_through_admin(client, item, title="不妥的标题")
    client.force_login(reviewer)
    response = post_page(client, revision_url(item, "reject"), {"note": ""})
    assert response.status_code == 200
    response = post_page(client, revision_url(item, "reject"), {"note": "标题不规范"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "关于低保复核的通知"
    assert DisclosureRevision.objects.get(disclosure=item).state == RevisionState.REJECTED
    # The next edit starts from the published version again.
    client.force_login(author)
    assert form_fields(client.get(change_url(item)))["title"] == "关于低保复核的通知"


def test_an_attachment_added_to_a_published_item_is_served_only_after_approval(client, published):
    item, author, reviewer = published
    client.force_login(author)
    content = samples.make_pdf("补充材料")
    response = edit_through_admin(
        client, item, **{"attachments-0-file": upload("补充材料.pdf", content)}
    )
    assert response.status_code == 302
    assert not item.attachments.exists()
    client.force_login(reviewer)
    assert post_page(client, revision_url(item, "approve")).status_code == 302
    attachment = item.attachments.get()
    assert attachment.original_name == "补充材料.pdf"
    client.logout()
    download = client.get(attachment.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content


def test_the_order_of_a_published_items_attachments_cannot_be_changed_without_review(client, org_a):
    author, reviewer = author_of(org_a), reviewer_of(org_a)
    draft = DraftFactory(organisation=org_a, actor=author)
    for n, name in enumerate(["甲.pdf", "乙.pdf"]):
        services.add_attachment(
            actor=author,
            disclosure=draft,
            upload=upload(name, samples.make_pdf(name)),
            sort_order=n,
        )
    services.submit_disclosure(actor=author, disclosure=draft)
    item = services.publish_disclosure(actor=reviewer, disclosure=draft).disclosure
    first, second = item.attachments.order_by("sort_order")
    client.force_login(author)
    edit_through_admin(
        client,
        item,
        **{
            "attachments-0-id": str(first.pk),
            "attachments-0-sort_order": "9",
            "attachments-1-id": str(second.pk),
            "attachments-1-sort_order": "0",
        },
    )
    assert list(
        item.attachments.order_by("sort_order").values_list("original_name", flat=True)
    ) == [
        "甲.pdf",
        "乙.pdf",
    ]
    public = public_page(client, item)
    assert public.index("甲.pdf") < public.index("乙.pdf")


def test_a_supervisor_who_rewrote_a_draft_cannot_publish_it(client, org_a):
    supervisor = make_staff(role=roles.SUPERVISOR, organisations=[org_a])
    author = author_of(org_a)
    item = DraftFactory(organisation=org_a, actor=author, title="信息员起草的标题")
    client.force_login(supervisor)
    response = edit_through_admin(
        client, item, title="主管改写后的标题", categories=[str(column().pk)]
    )
    assert response.status_code == 302
    client.force_login(author)
    post_page(client, reverse("admin:disclosures_disclosure_workflow", args=[item.pk, "submit"]))
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED
    client.force_login(supervisor)
    response = post_page(
        client, reverse("admin:disclosures_disclosure_workflow", args=[item.pk, "publish"])
    )
    assert response.status_code == 200
    assert "修改人" in text_of(response)
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED
    # A reviewer who did not touch the content may publish it.
    client.force_login(reviewer_of(org_a))
    response = post_page(
        client, reverse("admin:disclosures_disclosure_workflow", args=[item.pk, "publish"])
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED


def test_after_approval_the_editors_of_the_next_revision_are_counted_afresh(org_a):
    from disclosures import services
    from disclosures.revisions import services as revisions

    author, reviewer = author_of(org_a), reviewer_of(org_a)
    item = make_submitted(organisation=org_a, author=author)
    services.publish_disclosure(actor=reviewer, disclosure=item)
    assert services.content_editor_ids(item) == {author.pk}
    supervisor = make_staff(role=roles.SUPERVISOR, organisations=[org_a])
    services.update_disclosure(actor=supervisor, disclosure=item, values={"title": "主管修改"})
    with pytest.raises(services.NotAllowed):
        revisions.approve_revision(actor=supervisor, disclosure=item)
    revisions.approve_revision(actor=reviewer, disclosure=item)
    item.refresh_from_db()
    assert item.title == "主管修改"
