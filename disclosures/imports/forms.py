"""The upload form of the catalogue import page."""

from __future__ import annotations

from pathlib import Path

from django import forms

from catalog.models import Organisation


class CatalogueUploadForm(forms.Form):
    file = forms.FileField(
        label="目录文件",
        help_text="CSV（UTF-8或GB18030编码）或XLSX文件，列名见模板。",
    )
    attachments = forms.FileField(
        label="附件ZIP", required=False, help_text="“附件”列中的文件，打包为一个ZIP文件。"
    )
    column_map = forms.FileField(
        label="栏目对照表",
        required=False,
        help_text="CSV或XLSX，两列：原栏目、栏目（原网站栏目名称与平台栏目名称或网址标识对应）。",
    )
    organisation = forms.ModelChoiceField(
        label="发布机构",
        queryset=Organisation.objects.none(),
        required=False,
        help_text="选择后，文件中“机构”列可留空，且只导入该机构的信息。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_staff(user)

    def _suffix(self, name: str, allowed: set[str], message: str):
        upload = self.cleaned_data.get(name)
        if upload and Path(upload.name or "").suffix.lower() not in allowed:
            raise forms.ValidationError(message)
        return upload

    def clean_file(self):
        return self._suffix("file", {".csv", ".xlsx"}, "目录文件只支持 .csv 和 .xlsx。")

    def clean_attachments(self):
        return self._suffix("attachments", {".zip"}, "附件请打包为 .zip 文件。")

    def clean_column_map(self):
        return self._suffix("column_map", {".csv", ".xlsx"}, "栏目对照表只支持 .csv 和 .xlsx。")
