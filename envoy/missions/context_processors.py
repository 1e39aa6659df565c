"""What every page's navigation needs to know of the user's rights over missions."""

from .permissions import can_create_mission


def mission_rights(request) -> dict:
    """``can_create_mission``: whether the navigation offers 匯入報告 and 新增任務."""
    user = getattr(request, "user", None)
    return {"can_create_mission": user is not None and can_create_mission(user)}
