"""The REST API, its OpenAPI schema, and Swagger UI and ReDoc served from this installation."""

from django.conf import settings
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from nahwerk.api import views

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

urlpatterns = [
    path(
        "schema/",
        SpectacularAPIView.as_view(custom_settings={"DESCRIPTION": DESCRIPTION}),
        name="schema",
    ),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path(
        "redoc/",
        SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html"),
        name="redoc",
    ),
    path("token/", views.TokenView.as_view(), name="token"),
    path("partners/", views.PartnerSearchView.as_view(), name="partners"),
    *router.urls,
    # last: any other path under /api/ is a JSON 404, not the site's HTML page; only paths
    # ending in "/", so that "/api/needs" still gets Django's redirect to "/api/needs/"
    re_path(r"^(?:.*/)?$", views.unknown_path, name="unknown"),
]
