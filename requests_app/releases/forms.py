"""Staff forms for released files: several files in one field."""

from __future__ import annotations

from django import forms


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files and cleans to a list (Django's documented way)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def released_files_field(required: bool = False) -> MultipleFileField:
    return MultipleFileField(
        label="提供的政府信息文件",
        required=required,
        help_text="予以公开、部分公开的，可上传提供给申请人的文件（PDF、OFD、Word、Excel或图片，"
        "按内容检查），申请人凭申请编号和查询密码在办理进度页面下载。可一次选择多个文件。",
    )


class ReleasedFilesForm(forms.Form):
    files = released_files_field(required=True)
