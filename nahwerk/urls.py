"""URL configuration: public pages, accounts, the admin and language switching."""

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from nahwerk.health import health
from nahwerk.showcase.sitemaps import SITEMAPS

admin.site.site_header = _("nahwerk administration")
admin.site.site_title = _("nahwerk")
admin.site.index_title = _("Manage networks and members")

urlpatterns = [
    path("health/", health, name="health"),
    # The language switch is on every page. Without a CSRF token in it, the pages of
    # visitors who are not logged in set no cookie and can be kept for all of them
    # (ANONYMOUS_PAGE_CACHE_SECONDS); another site could at most switch the language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("konto/", include("nahwerk.accounts.urls")),
    path("uebersicht/", include("nahwerk.dashboard.urls")),
    path("organisationen/", include("nahwerk.directory.urls")),
    path("partner-finden/", include("nahwerk.matching.urls")),
    path("bedarfe/", include("nahwerk.brokering.urls")),
    path("veranstaltungen/", include("nahwerk.events.urls")),
    path("projekte/", include("nahwerk.projects.urls")),
    path("foerderung/konsortium/", include("nahwerk.funding.consortium_urls")),
    path("foerderung/", include("nahwerk.funding.urls")),
    path("gruendungen/", include("nahwerk.startups.urls")),
    path("api/", include("nahwerk.api.urls")),
    path("datenschutz/", include("nahwerk.privacy.urls")),
    path("talente/", include("nahwerk.talent.urls")),
    path("regionen/netzwerke/<slug:slug>/kennzahlen/", include("nahwerk.reports.urls")),
    path("regionen/", include("nahwerk.regional.urls")),
    path("kompetenzen/", include("nahwerk.showcase.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("nahwerk.reference.urls")),
    path("", include("nahwerk.networks.urls")),
]

# 403 and 404 use Django's handlers with the templates in nahwerk/templates; the 400 page
# names the parameter that could not be read (JSON under /api/); the 500 page is rendered
# without the request, so that it works when the database does not.
handler400 = "nahwerk.queryparams.bad_request"
handler500 = "nahwerk.views.server_error"
