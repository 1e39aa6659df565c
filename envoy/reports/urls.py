"""URLs of reports. Each views module lists its own routes; they are gathered here."""

app_name = "reports"
urlpatterns: list = []
