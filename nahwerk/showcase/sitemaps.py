"""``/sitemap.xml``: the public pages of networks, competence maps and public organisations."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from nahwerk.directory.choices import Visibility
from nahwerk.directory.models import Organisation
from nahwerk.networks.models import Network


class NetworkSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> QuerySet[Network]:
        return Network.objects.order_by("slug")

    def lastmod(self, item: Network) -> Any:
        return item.updated_at


class CompetenceMapSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self) -> QuerySet[Network]:
        return Network.objects.order_by("slug")

    def location(self, item: Network) -> str:
        return reverse("showcase:map", args=[item.slug])


class OrganisationSitemap(Sitemap):
    """The public organisations of the directory (not those known only from EU history)."""

    changefreq = "weekly"
    priority = 0.5

    def items(self) -> QuerySet[Organisation]:
        return (
            Organisation.objects.listed()
            .filter(visibility=Visibility.PUBLIC)
            .only("slug", "updated_at")
            .order_by("pk")
        )

    def lastmod(self, item: Organisation) -> Any:
        return item.updated_at


SITEMAPS = {
    "networks": NetworkSitemap,
    "competences": CompetenceMapSitemap,
    "organisations": OrganisationSitemap,
}
