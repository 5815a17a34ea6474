"""申请编号 under load: parallel online submissions get distinct, gap-free numbers."""

from __future__ import annotations

import threading

import pytest
from django.db import connections, transaction
from django.utils import timezone

from kernel.identifiers import id_number_check_char
from requests_app import services
from requests_app.models import Application
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 5
PER_THREAD = 4


def applicant(n: int) -> dict:
    first17 = f"33010219900307{n:03d}"
    return {
        "applicant_type": "natural",
        "name": f"测试申请人{n}",
        "id_type": "resident_id",
        "id_number": first17 + id_number_check_char(first17),
        "phone": "13912345678",
        "address": "测试县人民路8号",
        "description": f"第{n}项政府信息",
    }


def submit(org, n: int) -> Application:
    return services.submit_application(
        organisation=org, data=applicant(n), query_password="chaxun123"
    )


def test_parallel_submissions_get_distinct_gap_free_numbers():
    org = OrganisationFactory(slug="mzj")
    start = threading.Barrier(THREADS)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(thread_no: int) -> None:
        try:
            start.wait()
            for i in range(PER_THREAD):
                application = submit(org, thread_no * PER_THREAD + i)
                with lock:
                    numbers.append(application.number)
        except BaseException as exc:  # reported below; a thread must not die silently
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors
    total = THREADS * PER_THREAD
    year = timezone.localdate().year
    assert Application.objects.filter(organisation=org).count() == total
    assert len(set(numbers)) == total
    assert sorted(numbers) == [f"MZJ-YSQ-{year}-{seq:05d}" for seq in range(1, total + 1)]
    stored = sorted(Application.objects.values_list("number", flat=True))
    assert stored == sorted(numbers)
    # every case got its receipt notice, numbered without collisions either
    receipts = [a.notices.get(kind="receipt").number for a in Application.objects.all()]
    assert len(set(receipts)) == total


def test_a_submission_rolled_back_after_registering_leaves_no_gap():
    org = OrganisationFactory(slug="mzj")
    year = timezone.localdate().year
    assert submit(org, 1).number == f"MZJ-YSQ-{year}-00001"

    def register_then_fail() -> None:
        with transaction.atomic():
            submit(org, 2)
            raise RuntimeError("the surrounding work failed after the number was taken")

    with pytest.raises(RuntimeError):
        register_then_fail()

    assert Application.objects.count() == 1
    assert submit(org, 3).number == f"MZJ-YSQ-{year}-00002"


def test_numbers_are_counted_per_organisation():
    first = OrganisationFactory(slug="mzj")
    second = OrganisationFactory(slug="czj")
    year = timezone.localdate().year
    assert submit(first, 1).number == f"MZJ-YSQ-{year}-00001"
    assert submit(second, 2).number == f"CZJ-YSQ-{year}-00001"
    assert submit(first, 3).number == f"MZJ-YSQ-{year}-00002"


def test_parallel_receipts_and_replies_share_one_gap_free_notice_sequence():
    """Receipts and replies issued at once by several workers never share a 发文字号."""
    from requests_app.models import ReplyNotice
    from tests.factories import make_staff

    org = OrganisationFactory(slug="mzj", short_name="县民政局")
    staff = make_staff(role="依申请经办人", organisations=[org])
    waiting = [submit(org, 100 + n) for n in range(THREADS)]
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(thread_no: int) -> None:
        try:
            start.wait()
            for i in range(PER_THREAD):
                submit(org, thread_no * PER_THREAD + i)  # a receipt
            services.answer(  # and a reply, while the others issue receipts
                actor=staff,
                application=waiting[thread_no],
                outcome="unable_not_held",
                reasons="经检索，本机关未制作、获取该信息。",
            )
        except BaseException as exc:  # reported below; a thread must not die silently
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors
    year = timezone.localdate().year
    numbers = list(ReplyNotice.objects.filter(organisation=org).values_list("number", flat=True))
    total = THREADS + THREADS * PER_THREAD + THREADS  # first receipts, receipts, replies
    assert len(numbers) == total
    assert sorted(numbers) == sorted(f"县民政局依申请〔{year}〕{n}号" for n in range(1, total + 1))
    assert set(ReplyNotice.objects.filter(organisation=org).values_list("kind", flat=True)) == {
        "receipt",
        "answer",
    }
