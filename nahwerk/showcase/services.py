"""What the public competence map of a network shows, and its open data.

Only organisations that chose to be public appear (``Organisation.visibility``), and of
their texts only those whose own visibility is public (``Organisation.field_visibility``):
the map, the list under it, the exports and the embed all read the entries built here, so
nothing else can slip into one of them.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache, caches
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from nahwerk.directory.choices import OrganisationKind, Visibility
from nahwerk.directory.models import Organisation
from nahwerk.networks.models import Membership, Network, NetworkRole
from nahwerk.reference.models import District, IndustryCode
from nahwerk.showcase.models import DEFAULT_ACCENT, DEFAULT_PRIMARY, EmbedSettings

# The profile texts the competence map shows, each only where its visibility is public.
SHOWN_TEXTS = ("competences", "equipment", "offers")
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
PAGE_SIZE = 50
# the competence search ranks at most this many organisations (the matching engine's limit)
MATCH_LIMIT = 200

_VERSION_KEY = "showcase:data-version"


def public_organisations(network: Network) -> QuerySet[Organisation]:
    """The network's current members and role holders that chose to be public, by name.

    As on the network's page: a former or suspended member is not shown as the region's.
    """
    members = Membership.objects.current().filter(network=network).values("organisation_id")
    roles = NetworkRole.objects.filter(network=network, organisation__isnull=False)
    affiliated = Organisation.objects.filter(
        Q(pk__in=members) | Q(pk__in=roles.values("organisation_id"))
    ).values("pk")
    return (
        Organisation.objects.listed()
        .filter(visibility=Visibility.PUBLIC, pk__in=affiliated)
        .order_by(Lower("name"), "pk")
    )


@dataclass(frozen=True)
class Filters:
    """The map's filters, already checked (see ``forms.ShowcaseFilterForm``)."""

    competence: str = ""
    wz: IndustryCode | None = None
    kind: str = ""
    district: str = ""  # AGS

    @property
    def active(self) -> bool:
        return bool(self.competence or self.wz or self.kind or self.district)


def filtered_organisations(network: Network, filters: Filters) -> QuerySet[Organisation]:
    """The public organisations narrowed by the filters other than the competence text."""
    organisations = public_organisations(network)
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    if filters.district:
        organisations = organisations.filter(district_id=filters.district)
    if filters.wz is not None:
        code = filters.wz
        within = (
            Q(industry_codes__section=code.code)
            if code.level == 1
            else Q(industry_codes__code=code.code)
            | Q(industry_codes__code__startswith=f"{code.code}.")
        )
        organisations = organisations.filter(
            pk__in=Organisation.objects.filter(within).values("pk")
        )
    return organisations


def matching_ids(network: Network, filters: Filters) -> list[int] | None:
    """The organisations in the order the competence search ranks them; None: no search.

    The ranking is the partner search's (``matching.services.find_partners``), as the
    anonymous public sees it: only public texts count, and only what really fits is kept.
    """
    if not filters.competence:
        return None
    from nahwerk.matching.services import PartnerFilters, find_partners

    candidates = frozenset(filtered_organisations(network, filters).values_list("pk", flat=True))
    if not candidates:
        return []
    matches = find_partners(
        filters.competence,
        user=None,
        filters=PartnerFilters(organisation_ids=candidates),
        limit=min(MATCH_LIMIT, len(candidates)),
        explain=False,
    )
    return [m.organisation.pk for m in matches if m.organisation.pk in candidates]


@dataclass
class Entry:
    """One public organisation as the map, its list and its exports show it."""

    pk: int
    name: str
    slug: str
    kind: str
    kind_label: str
    postcode: str
    city: str
    district_ags: str
    district_name: str
    latitude: float | None
    longitude: float | None
    website: str
    fictitious: bool
    competences: str = ""
    equipment: str = ""
    offers: str = ""
    industry_codes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return reverse("directory:organisation", kwargs={"slug": self.slug})

    @property
    def place(self) -> str:
        parts = [self.city] if self.district_name == self.city else [self.city, self.district_name]
        return ", ".join(part for part in parts if part)

    @property
    def texts(self) -> list[tuple[str, str]]:
        titles = {
            "competences": _("Competences"),
            "equipment": _("Equipment"),
            "offers": _("Offers"),
        }
        # one line per competence in the profile: on the map's list, one line with dots
        return [
            (
                titles[name],
                " · ".join(filter(None, map(str.strip, getattr(self, name).splitlines()))),
            )
            for name in SHOWN_TEXTS
            if getattr(self, name).strip()
        ]


_COLUMNS = (
    "pk",
    "name",
    "slug",
    "kind",
    "postcode",
    "city",
    "district_id",
    "district__name",
    "latitude",
    "longitude",
    "website",
    "is_fictitious",
    *SHOWN_TEXTS,
    *(f"{name}_visibility" for name in SHOWN_TEXTS),
)


def entries(
    organisations: QuerySet[Organisation], *, order: list[int] | None = None
) -> list[Entry]:
    """The entries of these organisations (in ``order`` if given), public texts only.

    Three queries whatever the number: the rows, their WZ codes and the codes' titles.
    """
    kinds = dict(OrganisationKind.choices)
    rows = list(organisations.values(*_COLUMNS))
    codes = _industry_codes(organisations)
    result = []
    for row in rows:
        texts = {
            # the record is public (see public_organisations): the field's own setting decides
            name: row[name] if row[f"{name}_visibility"] == Visibility.PUBLIC else ""
            for name in SHOWN_TEXTS
        }
        result.append(
            Entry(
                pk=row["pk"],
                name=row["name"],
                slug=row["slug"],
                kind=row["kind"],
                kind_label=str(kinds.get(row["kind"], row["kind"])),
                postcode=row["postcode"],
                city=row["city"],
                district_ags=row["district_id"] or "",
                district_name=row["district__name"] or "",
                latitude=row["latitude"],
                longitude=row["longitude"],
                website=row["website"],
                fictitious=row["is_fictitious"],
                industry_codes=codes.get(row["pk"], []),
                **texts,
            )
        )
    if order is not None:
        position = {pk: i for i, pk in enumerate(order)}
        result = sorted((e for e in result if e.pk in position), key=lambda e: position[e.pk])
    return result


def _industry_codes(organisations: QuerySet[Organisation]) -> dict[int, list[tuple[str, str]]]:
    through = Organisation.industry_codes.through
    links = through.objects.filter(organisation__in=organisations.values("pk")).values_list(
        "organisation_id", "industrycode__code", "industrycode__title_de", "industrycode__title_en"
    )
    english = (get_language() or "de").startswith("en")
    codes: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for pk, code, title_de, title_en in links.order_by("industrycode__code"):
        codes[pk].append((code, (title_en or title_de) if english else title_de))
    return codes


# --- The data version: caches of the map data follow every change ---------------------------


def bump_version() -> None:
    """Called on every change that can alter what a competence map shows (signals.py)."""
    caches["shared"].set(_VERSION_KEY, uuid.uuid4().hex, None)


def data_version(network: Network) -> str:
    """A short token that changes whenever the network's public entries may have changed.

    A counter bumped by the signals of every process (in the shared cache), and, for
    writes that send no signal (``QuerySet.update``), the number and last change of the
    network's public organisations and of its embed settings.
    """
    token = caches["shared"].get_or_set(_VERSION_KEY, uuid.uuid4().hex, None)
    figures = public_organisations(network).order_by().aggregate(n=Count("pk"), t=Max("updated_at"))
    settings_at = (
        EmbedSettings.objects.filter(network=network).values_list("updated_at", flat=True).first()
    )
    raw = f"{token}|{figures['n']}|{figures['t']}|{settings_at}"
    return uuid.uuid5(uuid.NAMESPACE_URL, raw).hex[:16]


def _cached(network: Network, kind: str, build: Any) -> tuple[str, bytes]:
    """``build()``'s bytes for this network, data version and language, and the version."""
    version = data_version(network)
    key = f"showcase:{kind}:{network.pk}:{version}:{get_language()}"
    body = cache.get(key)
    if body is None:
        body = build()
        cache.set(key, body, 24 * 3600)
    return version, body


# --- Map data and open data -----------------------------------------------------------------


def map_data(network: Network) -> tuple[str, bytes]:
    """The markers of all public entries, as compact GeoJSON (name, kind, place, link)."""

    def build() -> bytes:
        features = _features(public_organisations(network))
        return _json({"type": "FeatureCollection", "features": features})

    return _cached(network, "map", build)


def filtered_map_data(network: Network, filters: Filters, order: list[int] | None) -> bytes:
    """The markers of the entries that pass the filters (not cached: one of many queries)."""
    organisations = filtered_organisations(network, filters)
    if order is not None:
        organisations = organisations.filter(pk__in=order)
    return _json({"type": "FeatureCollection", "features": _features(organisations)})


def _features(organisations: QuerySet[Organisation]) -> list[dict[str, Any]]:
    """One small GeoJSON point per organisation: name, slug, kind and place, nothing more.

    Straight from the rows (no ``Entry``, no URL reversed per marker): 10,000 markers are
    built in a fraction of a second; the page's script makes the links and kind labels.
    """
    rows = organisations.filter(latitude__isnull=False).values_list(
        "pk", "name", "slug", "kind", "city", "district__name", "latitude", "longitude"
    )
    features = []
    for pk, name, slug, kind, city, district, lat, lon in rows:
        place = city if not district or district == city else f"{city}, {district}".lstrip(", ")
        features.append(
            {
                "type": "Feature",
                "id": pk,
                # rows without coordinates are filtered out above
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(lon or 0, 5), round(lat or 0, 5)],
                },
                "properties": {"name": name, "slug": slug, "kind": kind, "place": place},
            }
        )
    return features


def kind_labels() -> dict[str, str]:
    """The kinds' labels in the current language, for the markers' popups."""
    return {value: str(label) for value, label in OrganisationKind.choices}


def attribution(network: Network) -> str:
    return _("Competence map of %(network)s, %(licence)s") % {
        "network": network.name,
        "licence": LICENCE,
    }


def export_geojson(network: Network, site_url: str) -> tuple[str, bytes]:
    """All public entries with their public texts, as GeoJSON with licence and attribution."""

    def build() -> bytes:
        features = []
        for e in entries(public_organisations(network)):
            geometry = (
                {"type": "Point", "coordinates": [e.longitude, e.latitude]}
                if e.latitude is not None and e.longitude is not None
                else None
            )
            features.append(
                {
                    "type": "Feature",
                    "id": e.pk,
                    "geometry": geometry,
                    "properties": {
                        "name": e.name,
                        "kind": e.kind,
                        "postcode": e.postcode,
                        "city": e.city,
                        "district_ags": e.district_ags,
                        "district": e.district_name,
                        "website": e.website,
                        "wz_codes": [code for code, _title in e.industry_codes],
                        "competences": e.competences,
                        "equipment": e.equipment,
                        "offers": e.offers,
                        "url": site_url + e.url,
                    },
                }
            )
        return _json(
            {
                "type": "FeatureCollection",
                "name": network.name,
                "license": LICENCE,
                "license_url": LICENCE_URL,
                "attribution": attribution(network),
                "source": site_url + reverse("showcase:map", args=[network.slug]),
                "features": features,
            }
        )

    return _cached(network, "geojson", build)


CSV_HEADER = (
    "name",
    "kind",
    "postcode",
    "city",
    "district_ags",
    "district",
    "latitude",
    "longitude",
    "website",
    "wz_codes",
    "competences",
    "equipment",
    "offers",
    "url",
)


def export_csv(network: Network, site_url: str) -> tuple[str, bytes]:
    """All public entries as CSV (UTF-8 with BOM, for spreadsheets); the licence in a
    comment line above the header."""

    def build() -> bytes:
        out = io.StringIO()
        out.write(f"# {attribution(network)}: {LICENCE_URL}\r\n")
        writer = csv.writer(out)
        writer.writerow(CSV_HEADER)
        for e in entries(public_organisations(network)):
            writer.writerow(
                [
                    e.name,
                    e.kind,
                    e.postcode,
                    e.city,
                    e.district_ags,
                    e.district_name,
                    "" if e.latitude is None else f"{e.latitude:.5f}",
                    "" if e.longitude is None else f"{e.longitude:.5f}",
                    e.website,
                    " ".join(code for code, _title in e.industry_codes),
                    e.competences,
                    e.equipment,
                    e.offers,
                    site_url + e.url,
                ]
            )
        return ("\ufeff" + out.getvalue()).encode("utf-8")

    return _cached(network, "csv", build)


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- Colours, districts, schema.org -----------------------------------------------------------


def embed_settings(network: Network) -> EmbedSettings:
    """The network's settings, or the defaults (not saved) when it has none."""
    found = EmbedSettings.objects.filter(network=network).first()
    return found or EmbedSettings(
        network=network, primary_colour=DEFAULT_PRIMARY, accent_colour=DEFAULT_ACCENT
    )


def district_choices(network: Network) -> list[District]:
    """The network's districts and those its public organisations lie in, by name."""
    in_use = public_organisations(network).order_by().values("district_id")
    return list(
        District.objects.filter(Q(networks=network) | Q(ags__in=in_use))
        .only("ags", "name")
        .distinct()
        .order_by("name", "ags")
    )


def organisation_jsonld(organisation: Organisation, site_url: str) -> dict[str, Any] | None:
    """schema.org ``Organization`` of a public organisation (public texts only); else None."""
    if organisation.visibility != Visibility.PUBLIC:
        return None
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organisation.name,
        "url": site_url + organisation.get_absolute_url(),
    }
    if organisation.website:
        data["sameAs"] = [organisation.website]
    if organisation.city or organisation.postcode:
        address = {"@type": "PostalAddress", "addressCountry": organisation.country}
        if organisation.postcode:
            address["postalCode"] = organisation.postcode
        if organisation.city:
            address["addressLocality"] = organisation.city
        data["address"] = address
    if organisation.latitude is not None and organisation.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": round(organisation.latitude, 5),
            "longitude": round(organisation.longitude, 5),
        }
    if (
        organisation.description
        and organisation.field_visibility("description") == Visibility.PUBLIC
    ):
        data["description"] = organisation.description
    knows = [
        getattr(organisation, name)
        for name in ("competences", "equipment")
        if getattr(organisation, name) and organisation.field_visibility(name) == Visibility.PUBLIC
    ]
    if knows:
        data["knowsAbout"] = knows
    return data
