"""The REST API, its OpenAPI schema, and Swagger UI and ReDoc served from this installation."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.urls import path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import SimpleRouter

from nahwerk.api import views
from nahwerk.funding import api as funding_api
from nahwerk.funding.consortium_api import ConsortiumView
from nahwerk.projects.api import ProjectViewSet
from nahwerk.regional import api as regional_api

app_name = "api"

AUTHENTICATION = """

## Authentication

Reading works without logging in and shows what the public may see. To act as a user,
get your token with `POST /api/token/` (`username`, `password`) and send it with every
request in the header `Authorization: Token <token>`. A logged-in browser session works
too (with Django's CSRF token for writes). Each user gets exactly the rights of the web
pages: hidden needs and organisations answer 404, steps you may not take 403, writes
without a user 401, bad input 400 with the field and the problem.
"""

# The settings' description, and how to authenticate.
DESCRIPTION = f"{settings.SPECTACULAR_SETTINGS.get('DESCRIPTION', '')}{AUTHENTICATION}"

router = SimpleRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("needs", views.NeedViewSet, basename="need")
router.register("projects", ProjectViewSet, basename="project")
router.register("funding/calls", funding_api.CallViewSet, basename="funding-call")

urlpatterns = [
    path(
        "schema/",
        SpectacularAPIView.as_view(custom_settings={"DESCRIPTION": DESCRIPTION}),
        name="schema",
    ),
    # the split view serves Swagger UI's start script from its own URL (?script), so that
    # the page needs no inline script
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    # ReDoc's styled components write <style> elements at run time and its search runs in
    # a worker made from a blob: this page alone allows both (its scripts stay as strict
    # as everywhere)
    path(
        "redoc/",
        csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})(
            SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")
        ),
        name="redoc",
    ),
    path("token/", views.TokenView.as_view(), name="token"),
    path("partners/", views.PartnerSearchView.as_view(), name="partners"),
    path("consortium/", ConsortiumView.as_view(), name="consortium"),
    path("funding/fit/", funding_api.CallFitView.as_view(), name="funding-fit"),
    # any segment reaches the views, which answer an unknown one with a JSON 404
    re_path(
        r"^regional/networks/(?P<slug>[^/]+)/$",
        regional_api.NetworkRegionView.as_view(),
        name="regional_network",
    ),
    re_path(
        r"^regional/networks/(?P<slug>[^/]+)/cooperation/$",
        regional_api.CooperationNetworkView.as_view(),
        name="regional_cooperation",
    ),
    re_path(
        r"^regional/districts/(?P<ags>[^/]+)/$",
        regional_api.DistrictView.as_view(),
        name="regional_district",
    ),
    *router.urls,
    # last: any other path under /api/ is a JSON 404, not the site's HTML page; only paths
    # ending in "/", so that "/api/needs" still gets Django's redirect to "/api/needs/"
    re_path(r"^(?:.*/)?$", views.unknown_path, name="unknown"),
]
