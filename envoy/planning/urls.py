"""URLs of planning: the per-diem page (``views.py``), then the traveller's handbook
(``handbook_views.py``)."""

from . import handbook_views, views

app_name = "planning"
urlpatterns = [*views.urlpatterns]
urlpatterns += handbook_views.urlpatterns
