"""Management commands that speak the language of the shell that runs them.

gettext's order: LANGUAGE, LC_ALL, LC_MESSAGES, LANG. English for en_*, Traditional Chinese
for zh_* and for everything else (C, POSIX, unset): the interface's own default.
"""

import argparse
import os

from django.conf import settings
from django.core.management.base import BaseCommand, DjangoHelpFormatter
from django.utils import translation


def console_language() -> str:
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "").split(":")[0].strip().lower()
        if value:
            if value.startswith("en"):
                return "en"
            if value.startswith("zh"):
                return "zh-hant"
            break
    return settings.LANGUAGE_CODE


class HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's order of options; the description and epilog kept as written (examples)."""


class ConsoleCommand(BaseCommand):
    """A command whose --help, messages and errors are in the console's language.

    ``help``, ``epilog`` and ``missing_args_message`` are lazy translations, read once the
    language is chosen (argparse prints them after ``create_parser`` has returned)."""

    epilog = ""

    def create_parser(self, prog_name, subcommand, **kwargs):
        with translation.override(console_language()):
            self.help = str(type(self).help)
            if getattr(type(self), "missing_args_message", None):
                self.missing_args_message = str(type(self).missing_args_message)
            kwargs.setdefault("formatter_class", HelpFormatter)
            kwargs.setdefault("epilog", str(self.epilog) or None)
            return super().create_parser(prog_name, subcommand, **kwargs)

    def execute(self, *args, **options):
        with translation.override(console_language()):
            return super().execute(*args, **options)
