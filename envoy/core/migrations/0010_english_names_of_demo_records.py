"""English names for the demo's bureaus and accounts made before English screens showed them.

Only records that are still the demo's own are touched: a bureau by its demo code with no
English name yet, an account by its demo username whose name is still the demo's."""

from django.db import migrations

BUREAUS = {
    "secretariat": "Secretariat",
    "public-works": "Public Works Department",
    "environment": "Environmental Protection Department",
    "youth": "Youth Bureau",
}
USERS = {
    "admin": ("系統管理者", "Administrator"),
    "officer": ("國際事務科承辦人", "International Affairs Officer"),
    "editor": ("秘書處編輯", "Secretariat Editor"),
    "works-editor": ("工務局編輯", "Public Works Editor"),
    "reviewer": ("秘書處審核人", "Secretariat Reviewer"),
    "viewer": ("檢視者", "Viewer"),
}


def fill(apps, schema_editor):
    Bureau = apps.get_model("core", "Bureau")
    User = apps.get_model("core", "User")
    for code, name_en in BUREAUS.items():
        Bureau.objects.filter(code=code, name_en="").update(name_en=name_en)
    for username, (name, name_en) in USERS.items():
        User.objects.filter(username=username, first_name=name, name_en="").update(name_en=name_en)


class Migration(migrations.Migration):
    dependencies = [("core", "0009_user_name_en")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
