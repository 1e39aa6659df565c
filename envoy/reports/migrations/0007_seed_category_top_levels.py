"""The top levels of the two code lists, so the pickers are not empty on a new install.

The official lists of the national portal (公務出國報告資訊網) were not at hand when this was
written: these are the subject and policy areas Envoy's own sample reports are filed under
and the city's usual areas of work, with provisional codes (S…, P…). Administrators load
the official lists with ``manage.py import_category_codes`` (``--replace`` retires what the
file does not hold) or edit them in the admin site.
"""

from django.db import migrations

SUBJECT = [
    "公共工程", "交通運輸", "環境保護", "能源", "農業", "經濟產業", "教育", "文化藝術",
    "觀光", "社會福利", "衛生醫療", "勞動就業", "公共安全", "資訊科技", "都市規劃", "國際事務",
]  # fmt: skip
POLICY = [
    "綜合規劃", "民政", "財政", "教育", "經濟發展", "工務", "交通", "社會福利", "勞動",
    "警政", "消防", "災害應變", "衛生", "環境保護", "都市發展", "文化", "觀光", "農業",
    "國際交流", "資訊",
]  # fmt: skip


def seed(apps, schema_editor):
    CategoryCode = apps.get_model("reports", "CategoryCode")
    rows = [
        CategoryCode(kind=kind, code=f"{prefix}{n:02d}", name=name, position=n)
        for kind, prefix, names in (("subject", "S", SUBJECT), ("policy", "P", POLICY))
        for n, name in enumerate(names, 1)
    ]
    CategoryCode.objects.bulk_create(rows, ignore_conflicts=True)


def unseed(apps, schema_editor):
    CategoryCode = apps.get_model("reports", "CategoryCode")
    CategoryCode.objects.filter(code__regex=r"^[SP][0-9]{2}$", parent=None).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_category_codes")]
    operations = [migrations.RunPython(seed, unseed)]
