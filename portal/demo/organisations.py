"""Demo organisations, staff accounts and site settings for a fictional county (示例县).

Deterministic and idempotent: rows are found by natural keys and only created or brought back
to the values below; passwords are set only when an account is first created.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from catalog import roles
from catalog.models import Membership, Organisation, SiteSettings
from kernel.identifiers import credit_code_check_char

REGION = "331099"  # fictional county region code


def demo_credit_code(org_code: str) -> str:
    """A well-formed 统一社会信用代码 for a government organ: 1 1 + region + org code + check."""
    first17 = f"11{REGION}{org_code}"
    return first17 + credit_code_check_char(first17)


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD", "Sunshine-2026")


GOVERNMENT = {
    "slug": "xzf",
    "name": "示例县人民政府",
    "short_name": "县政府",
    "kind": Organisation.Kind.GOVERNMENT,
    "credit_code": demo_credit_code("000100001"),
    "functions": "执行县人民代表大会及其常务委员会的决议，领导县人民政府各工作部门和乡镇人民政府的工作，"
    "依法管理本县行政区域内的经济、教育、科学、文化、卫生、民政等行政工作。",
    "address": "示例县城关镇人民路1号",
    "office_hours": "工作日 上午8:30—12:00，下午14:30—17:30（法定节假日除外）",
    "phone": "0570-8000001",
    "fax": "0570-8000002",
    "email": "gk@example.gov.cn",
    "postcode": "324100",
    "head": "王建国",
    "sort_order": 1,
    # 行政复议法 Art. 24: the county government's 复议机关 is the city government; 行政诉讼法
    # Art. 15: a suit against a county government goes to the intermediate court.
    "review_body": "示例市人民政府",
    "court": "示例市中级人民法院",
}

DEPARTMENTS = [
    {
        "slug": "mzj",
        "name": "示例县民政局",
        "short_name": "县民政局",
        "credit_code": demo_credit_code("000200002"),
        "functions": "贯彻执行民政工作的法律法规和方针政策；负责城乡最低生活保障、特困人员救助供养、"
        "临时救助等社会救助工作；负责婚姻登记、殡葬管理、养老服务、儿童福利、社会组织登记管理、"
        "行政区划和地名管理工作。",
        "address": "示例县城关镇民生路18号",
        "office_hours": "工作日 上午8:30—12:00，下午14:30—17:30",
        "phone": "0570-8000101",
        "fax": "0570-8000102",
        "email": "mzj@example.gov.cn",
        "postcode": "324100",
        "head": "李晓红",
        "sort_order": 10,
    },
    {
        "slug": "czj",
        "name": "示例县财政局",
        "short_name": "县财政局",
        "credit_code": demo_credit_code("000300003"),
        "functions": "拟订全县财政发展规划和政策；编制年度县级预决算草案并组织执行；"
        "负责政府非税收入管理、政府采购监督管理和部门预决算公开的组织指导工作。",
        "address": "示例县城关镇人民路9号",
        "office_hours": "工作日 上午8:30—12:00，下午14:30—17:30",
        "phone": "0570-8000201",
        "fax": "0570-8000202",
        "email": "czj@example.gov.cn",
        "postcode": "324100",
        "head": "陈志强",
        "sort_order": 20,
    },
    {
        "slug": "tyjrj",
        "name": "示例县退役军人事务局",
        "short_name": "县退役军人事务局",
        "credit_code": demo_credit_code("000400004"),
        "functions": "负责退役军人思想政治、管理保障和安置工作；负责军人抚恤优待、褒扬纪念工作；"
        "负责退役军人就业创业扶持和权益维护工作。",
        "address": "示例县城关镇拥军路6号",
        "office_hours": "工作日 上午8:30—12:00，下午14:30—17:30",
        "phone": "0570-8000301",
        "fax": "0570-8000302",
        "email": "tyjrj@example.gov.cn",
        "postcode": "324100",
        "head": "赵卫东",
        "sort_order": 30,
    },
    {
        "slug": "scjgj",
        "name": "示例县市场监督管理局",
        "short_name": "县市场监管局",
        "credit_code": demo_credit_code("000500005"),
        "functions": "负责市场综合监督管理，统一登记市场主体，组织市场监管综合执法，"
        "负责食品安全、特种设备安全、产品质量和计量标准监督管理工作。",
        "address": "示例县城关镇工商路3号",
        "office_hours": "工作日 上午8:30—12:00，下午14:30—17:30",
        "phone": "0570-8000401",
        "fax": "0570-8000402",
        "email": "scjgj@example.gov.cn",
        "postcode": "324100",
        "head": "孙立平",
        "sort_order": 40,
    },
    {
        "slug": "sthjj",
        "name": "示例县生态环境局",
        "short_name": "县生态环境局",
        "credit_code": demo_credit_code("000600006"),
        "functions": "负责全县生态环境监督管理，组织实施生态环境保护规划，"
        "负责环境污染防治、环境影响评价和生态环境执法工作。",
        "address": "示例县城关镇绿水路12号",
        "office_hours": "工作日 上午8:30—12:00，下午14:30—17:30",
        "phone": "0570-8000501",
        "fax": "0570-8000502",
        "email": "sthjj@example.gov.cn",
        "postcode": "324100",
        "head": "周青山",
        "sort_order": 50,
    },
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    organisation_slug: str | None
    role: str | None  # None with organisation None means superuser


DEMO_ACCOUNTS = [
    DemoAccount("admin", "系统管理员", None, None),
    DemoAccount("xzf_zg", "刘主任", "xzf", roles.SUPERVISOR),
    DemoAccount("mzj_xxy", "张敏", "mzj", roles.INFO_OFFICER),
    DemoAccount("mzj_shy", "黄审", "mzj", roles.REVIEWER),
    DemoAccount("mzj_jbr", "吴静", "mzj", roles.CASEWORKER),
    DemoAccount("mzj_zg", "李晓红", "mzj", roles.SUPERVISOR),
    DemoAccount("czj_xxy", "钱芳", "czj", roles.INFO_OFFICER),
    DemoAccount("czj_shy", "郑审", "czj", roles.REVIEWER),
    DemoAccount("czj_jbr", "冯涛", "czj", roles.CASEWORKER),
    DemoAccount("czj_zg", "陈志强", "czj", roles.SUPERVISOR),
    DemoAccount("tyjrj_xxy", "何军", "tyjrj", roles.INFO_OFFICER),
    DemoAccount("tyjrj_jbr", "曹丽", "tyjrj", roles.CASEWORKER),
    DemoAccount("tyjrj_zg", "赵卫东", "tyjrj", roles.SUPERVISOR),
    DemoAccount("scjgj_zg", "孙立平", "scjgj", roles.SUPERVISOR),
    DemoAccount("sthjj_zg", "周青山", "sthjj", roles.SUPERVISOR),
]

SITE = {
    "site_name": "阳光政务公开平台",
    "sponsor": "示例县人民政府办公室",
    "organizer": "示例县数据资源管理中心",
    "site_code": "3310990001",
    "icp_number": "示ICP备20260001号",
    "police_record_number": "示公网安备 33109902000001号",
    "contact_phone": "0570-8000001",
    "contact_email": "web@example.gov.cn",
    "contact_address": "示例县城关镇人民路1号",
}


def _upsert(model, lookup: dict, values: dict):
    """Create the row or bring changed fields back to ``values``; save only when needed."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj, True
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for key in changed:
            setattr(obj, key, values[key])
        obj.full_clean()
        obj.save()
    return obj, False


@transaction.atomic
def seed() -> dict[str, int]:
    """Seed organisations, accounts and site settings; return how many rows were created."""
    created = {"organisations": 0, "users": 0}
    roles.sync_role_groups()
    _upsert(SiteSettings, {"pk": SiteSettings.SINGLETON_ID}, SITE)

    gov_values = {k: v for k, v in GOVERNMENT.items() if k != "slug"}
    gov, was_created = _upsert(Organisation, {"slug": GOVERNMENT["slug"]}, gov_values)
    created["organisations"] += was_created
    for dept in DEPARTMENTS:
        values = {k: v for k, v in dept.items() if k != "slug"}
        # 行政诉讼法 Art. 18: a county department is sued before the county's basic court.
        values.update(kind=Organisation.Kind.DEPARTMENT, parent=gov, court="示例县人民法院")
        _, was_created = _upsert(Organisation, {"slug": dept["slug"]}, values)
        created["organisations"] += was_created

    user_model = get_user_model()
    for account in DEMO_ACCOUNTS:
        user = user_model.objects.filter(username=account.username).first()
        if user is None:
            user = user_model(
                username=account.username,
                first_name=account.full_name,
                is_staff=True,
                is_superuser=account.role is None,
            )
            user.set_password(demo_password())
            user.save()
            created["users"] += 1
        if account.organisation_slug:
            org = Organisation.objects.get(slug=account.organisation_slug)
            Membership.objects.get_or_create(user=user, organisation=org)
        if account.role:
            user.groups.add(Group.objects.get(name=account.role))
    return created
