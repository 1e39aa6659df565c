"""Envoy's own system checks (``manage.py check --deploy``)."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.checks import Tags, Warning, register
from django.utils.translation import gettext as _

from envoy.core.lib.staticfiles import manifest_paths

# collectstatic's default ignore patterns.
IGNORED = ["CVS", ".*", "*~"]


@register(Tags.staticfiles, deploy=True)
def static_files_collected(app_configs, **kwargs):
    """Static files served under hashed names need collectstatic to have run since the last
    change of the code; without it they are served plainly (or, when only some are missing,
    those are not found)."""
    if settings.DEBUG:
        return []
    collected = manifest_paths()
    if collected is None:
        return [
            Warning(
                _(
                    "靜態檔尚未收集（%s 中沒有 staticfiles.json）：檔案以原名提供，瀏覽器無法長期快取。"
                )
                % settings.STATIC_ROOT,
                hint=_("請執行 manage.py collectstatic --noinput（bin/setup 會執行）。"),
                id="envoy.W001",
            )
        ]
    found = sorted(
        {path for finder in finders.get_finders() for path, _storage in finder.list(IGNORED)}
        - collected
    )
    if found:
        return [
            Warning(
                _("有 %(count)d 個靜態檔不在上次收集的清單中（例如 %(first)s），頁面會找不到它們。")
                % {"count": len(found), "first": found[0]},
                hint=_("請執行 manage.py collectstatic --noinput（bin/setup 會執行）。"),
                id="envoy.W002",
            )
        ]
    return []
