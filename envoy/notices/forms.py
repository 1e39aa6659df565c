from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import registry


class NoticeSettingsForm(forms.Form):
    """The kinds of notice a user receives by e-mail: every registered kind, checked = on."""

    kinds = forms.MultipleChoiceField(
        label=_("以電子郵件通知我"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [
            (kind.code, format_lazy("{} — {}", kind.label, kind.help)) for kind in registry.kinds()
        ]

    def muted(self) -> set[str]:
        """The kinds left unchecked."""
        return {kind.code for kind in registry.kinds()} - set(self.cleaned_data["kinds"])
