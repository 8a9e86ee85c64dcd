"""Choices of the reference data."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DistrictKind(models.TextChoices):
    URBAN = "kreisfreie_stadt", _("Independent city")
    RURAL = "landkreis", _("Rural district")
    DISTRICT = "kreis", _("District")
    URBAN_DISTRICT = "stadtkreis", _("Urban district")
    REGIONAL_ASSOCIATION = "regionalverband", _("Regional association")


# The VG5000 type names ("BEZ") as they appear in the source files.
DISTRICT_KIND_BY_SOURCE_NAME = {
    "Kreisfreie Stadt": DistrictKind.URBAN,
    "Landkreis": DistrictKind.RURAL,
    "Kreis": DistrictKind.DISTRICT,
    "Stadtkreis": DistrictKind.URBAN_DISTRICT,
    "Regionalverband": DistrictKind.REGIONAL_ASSOCIATION,
}

STATE_NAMES = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Niedersachsen",
    "04": "Bremen",
    "05": "Nordrhein-Westfalen",
    "06": "Hessen",
    "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg",
    "09": "Bayern",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Vorpommern",
    "14": "Sachsen",
    "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}
