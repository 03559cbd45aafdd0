"""Pages of the monitor part of the site (names live in the `web` namespace)."""

from django.urls import URLPattern, URLResolver, path

from motcua.web.views import monitor, sync

urlpatterns: list[URLPattern | URLResolver] = [
    path("monitor/", monitor.overview, name="monitor_overview"),
    path("monitor/provinces/", monitor.provinces, name="monitor_provinces"),
    path("monitor/units/<str:code>/", monitor.unit, name="monitor_unit"),
    path("monitor/units/<str:code>/index/", monitor.unit_index, name="monitor_unit_index"),
    path("monitor/units/<str:code>/dossiers/", monitor.unit_dossiers, name="monitor_unit_dossiers"),
    path("monitor/units/<str:code>/handlers/", monitor.unit_handlers, name="monitor_unit_handlers"),
    path("monitor/reports/", monitor.reports, name="monitor_reports"),
    path("monitor/reports/<int:pk>/", monitor.report, name="monitor_report"),
    path("monitor/reports/<int:pk>/download/", monitor.report_download, name="monitor_report_download"),
    path("monitor/sync/", sync.sync, name="monitor_sync"),
]
