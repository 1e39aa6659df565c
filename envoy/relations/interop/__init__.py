"""Contacts in and out of Envoy: vCard and CSV import and export, and an iCalendar feed of
follow-ups. Pure functions over the models and services; the views in
``envoy.relations.views.interop`` handle the HTTP.

- ``text``: reading uploaded bytes as text (UTF-8 with or without BOM, Big5/CP950);
- ``contacts``: a contact read from any file, checked, planned against the people already
  recorded (create, update, unchanged, error) and imported in one transaction;
- ``vcard``, ``csvfile``: the two file formats;
- ``ical``: the follow-up calendar and the secret feed addresses.
"""


class UnreadableFile(Exception):
    """A file Envoy cannot import. The message is for the user, in their language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
