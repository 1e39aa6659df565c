from django.db import migrations, models

MARKERS = [(0, "壹、"), (1, "一、"), (2, "（一）"), (3, "1."), (4, "（1）"), (5, "①")]
STYLES = [
    ("upper", "壹、貳、參"),
    ("chapter", "第一章、第二章"),
    ("lower", "一、二、三"),
    ("plain", "不編號（目的、過程）"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_sourcefile_sha256_index"),
    ]

    operations = [
        # Points were all printed 一、 before their marker was kept.
        migrations.AddField(
            model_name="block",
            name="marker",
            field=models.PositiveSmallIntegerField(
                choices=MARKERS, default=1, verbose_name="編號方式"
            ),
        ),
        # Reports saved before the choice existed were all numbered 第一章: they keep it.
        migrations.AddField(
            model_name="report",
            name="heading_style",
            field=models.CharField(
                choices=STYLES, default="chapter", max_length=8, verbose_name="章節編號方式"
            ),
        ),
        migrations.AlterField(
            model_name="report",
            name="heading_style",
            field=models.CharField(
                choices=STYLES, default="upper", max_length=8, verbose_name="章節編號方式"
            ),
        ),
    ]
