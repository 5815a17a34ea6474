"""Synthetic import files for ``import_catalogue`` (tests, the Sanming reproduction, the bench).

:func:`write_catalogue_file` writes a CSV in the import format (docs/import-catalogue.md) with
``counts`` items per old-site column name, spread over the days of ``year``, and, with
``attachments``, a ZIP holding one small PDF per item.
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from pathlib import Path

from disclosures.imports.columns import TEMPLATE_HEADER

TITLES = {
    "工作动态": "市民政局召开{n}号专题工作会议",
    "公告通知": "关于第{n}批社会救助事项的公告",
}


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF with an ASCII line: enough for the content check and text extraction."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def write_catalogue_file(
    path: str | Path,
    *,
    organisation: str,
    year: int,
    counts: dict[str, int],
    attachments: str | Path | None = None,
    url_prefix: str = "http://old.example.gov.cn",
) -> int:
    """Write the CSV (and the ZIP when ``attachments`` is a path); return the number of rows."""
    start = dt.date(year, 1, 1)
    days = (dt.date(year, 12, 31) - start).days + 1
    total = sum(counts.values())
    archive = zipfile.ZipFile(attachments, "w", zipfile.ZIP_STORED) if attachments else None
    n = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(TEMPLATE_HEADER)
        for column, count in counts.items():
            for _ in range(count):
                n += 1
                day = start + dt.timedelta(days=(n - 1) * days // total)
                title = TITLES.get(column, column + "事项{n}").format(n=n)
                file_name = ""
                if archive is not None:
                    file_name = f"files/{n:06d}.pdf"
                    archive.writestr(file_name, tiny_pdf(f"item {n} of {year}"))
                row = {
                    "标题": title,
                    "机构": organisation,
                    "栏目": column,
                    "文种": "工作动态" if column == "工作动态" else "其他",
                    "成文日期": day.isoformat(),
                    "发布日期": day.isoformat(),
                    "正文": f"{title}。本条为迁移自原网站的信息。",
                    "附件": file_name,
                    "原网址": f"{url_prefix}/art/{day:%Y/%m/%d}/art_{n}.html",
                    "外部编号": f"OLD-{year}-{n:06d}",
                }
                writer.writerow([row.get(h, "") for h in TEMPLATE_HEADER])
    if archive is not None:
        archive.close()
    return n
