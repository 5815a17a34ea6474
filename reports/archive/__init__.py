"""The yearly archive package (统一归档、保存备查, issue #19): one ZIP per organisation and year
with the items, the closed 依申请公开 cases, the annual reports and WARC page captures, each
file under a SHA-256 manifest (docs/archive.md, ADR 0019)."""
