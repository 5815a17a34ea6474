"""The closed list of case event actions (requests_app.events) and their Chinese labels."""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

import pytest
from django.urls import reverse

from catalog import roles
from requests_app import events, services
from requests_app.events import LABELS, EventAction, label_of
from requests_app.models import ApplicationEvent
from requests_app.workflow import ACTION_LABELS, Action
from tests.factories import make_staff
from tests.requests_app.test_admin import change_url, submit
from tests.requests_app.test_public_views import query, register, visible_text

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = ("requests_app", "portal", "reports")
CJK = re.compile(r"^[\u4e00-\u9fff]+$")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def worker(org_a):
    return make_staff(role=roles.CASEWORKER, organisations=[org_a])


# --------------------------------------------------------------------------- the vocabulary


def test_every_action_has_a_chinese_label_as_a_caseworker_reads_it():
    assert set(LABELS) == set(EventAction)
    assert all(CJK.match(label) for label in LABELS.values()), LABELS
    assert len(set(LABELS.values())) == len(LABELS), "two actions would read alike"


def test_the_workflow_actions_are_members_with_the_workflow_labels():
    for action in Action:
        assert LABELS[EventAction(action)] == ACTION_LABELS[action]


def test_an_unknown_string_of_an_old_row_is_shown_as_stored():
    assert label_of("answer") == "答复"
    assert label_of("note") == "note"
    assert label_of("") == ""


def test_record_refuses_an_action_outside_the_vocabulary(org_a):
    application = register(org_a)
    before = ApplicationEvent.objects.count()
    with pytest.raises(ValueError, match="not a case event action"):
        ApplicationEvent.record(application, None, "note")
    assert ApplicationEvent.objects.count() == before


# --------------------------------------------------------------------------- the code writes only members


def event_writes(tree: ast.AST):
    """(line, action node) of every ApplicationEvent.record(...) call, and every direct
    ApplicationEvent.objects.create(...) as (line, None)."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        func = node.func
        if (
            func.attr == "record"
            and isinstance(func.value, ast.Name)
            and func.value.id == "ApplicationEvent"
        ):
            keyword = [k.value for k in node.keywords if k.arg == "action"]
            yield node.lineno, (node.args[2] if len(node.args) > 2 else keyword[0])
        if (
            func.attr == "create"
            and isinstance(func.value, ast.Attribute)
            and func.value.attr == "objects"
            and isinstance(func.value.value, ast.Name)
            and func.value.value.id == "ApplicationEvent"
        ):
            yield node.lineno, None


def constant_actions(node: ast.AST) -> list[str] | None:
    """The action values a node can hold when it says so in the code; None for a variable."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = constant_actions(node.body), constant_actions(node.orelse)
        return None if body is None or orelse is None else body + orelse
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        enum_class = {"EventAction": EventAction, "Action": Action}.get(node.value.id)
        if enum_class is not None:
            member = enum_class.__members__.get(node.attr)
            return [f"{node.value.id}.{node.attr}?"] if member is None else [member.value]
    return None


def test_every_event_the_code_writes_uses_an_action_of_the_list():
    writes, outside, direct = [], [], []
    for folder in APP_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            name = path.relative_to(ROOT).as_posix()
            for line, node in event_writes(ast.parse(path.read_text(encoding="utf-8"))):
                if node is None:
                    direct.append(f"{name}:{line}")
                    continue
                writes.append(f"{name}:{line}")
                values = constant_actions(node)
                # A variable is checked when it is written: ApplicationEvent.record refuses it.
                outside += [f"{name}:{line} {v}" for v in values or () if v not in set(EventAction)]
    assert len(writes) >= 15, (
        writes
    )  # the scan sees the services, releases, delivery, recalculation
    assert outside == []
    assert direct == [], "write event rows through ApplicationEvent.record"


def test_the_scan_sees_a_wrong_action():
    tree = ast.parse(
        "ApplicationEvent.record(a, None, 'note')\n"
        "ApplicationEvent.record(a, None, action=EventAction.NOTE)\n"
        "ApplicationEvent.record(a, None, 'submit' if x else 'sent')\n"
        "ApplicationEvent.objects.create(application=a, action='note')\n"
    )
    found = [(line, node and constant_actions(node)) for line, node in event_writes(tree)]
    assert found == [
        (1, ["note"]),
        (2, ["EventAction.NOTE?"]),
        (3, ["submit", "sent"]),
        (4, None),
    ]


def test_the_services_write_members_of_the_list(org_a, worker):
    application = submit(org_a)
    services.assign(actor=worker, application=application, handler=worker)
    services.extend(
        actor=worker, application=application, working_days=5, approver="李主任", reason="需调档"
    )
    services.close_other(actor=worker, application=application, reason="申请人撤回申请")
    services.purge_personal_data(application=application)
    actions = list(application.events.values_list("action", flat=True))
    assert actions == ["submit", "assign", "extend", "close_other", "purge"]
    assert application.events.last().action_label == "删除申请人个人信息"


# --------------------------------------------------------------------------- shown in Chinese


def test_the_progress_page_shows_the_labels_not_the_codes(client, org_a):
    application = register(org_a)
    ApplicationEvent.objects.create(application=application, action="legacy_step", note="旧数据")
    query(client, application.number)
    response = client.get(reverse("requests_app:progress"))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert events.LABELS[EventAction.SUBMIT] in text
    assert re.search(r"\bsubmit\b", text) is None
    assert "legacy_step" in text  # an old row's unknown action, as stored


def inline_action_cells(page: str) -> list[str]:
    cells = re.findall(r'<td class="field-action_label">(.*?)</td>', page, re.S)
    return [html.unescape(re.sub(r"<[^>]*>", "", cell)).strip() for cell in cells]


def test_the_admin_case_page_shows_the_labels_not_the_codes(client, org_a, worker, superuser):
    # The 办理记录 inline needs requests_app.view_applicationevent, which today only
    # superusers hold (no role lists it).
    application = submit(org_a)
    services.assign(actor=worker, application=application, handler=worker)
    ApplicationEvent.objects.create(application=application, action="legacy_step")
    client.force_login(superuser)
    response = client.get(change_url(application))
    assert response.status_code == 200
    page = response.content.decode()
    assert inline_action_cells(page) == [
        "提交申请",
        "分派经办人",
        "legacy_step",
    ]


def test_an_event_reads_as_its_label():
    event = ApplicationEvent(action="request_correction")
    assert str(event).startswith("告知补正 ")
    assert ApplicationEvent(action="legacy_step").action_label == "legacy_step"
