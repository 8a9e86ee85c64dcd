"""Choices of the regional statistics: area levels, the table's sectors, value flags."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    """The levels of the GENESIS table's areas."""

    COUNTRY = "country", _("Germany")
    STATE = "state", _("State")
    REGION = "region", _("Government region")
    DISTRICT = "district", _("District")


class Sector(models.TextChoices):
    """The 13 economic sectors of table 13111-07-05-4 (WZ 2008 sections) and the total."""

    A = "A", _("Agriculture, forestry and fishing (A)")
    B_F = "B-F", _("Production industries (B-F)")
    B_E = "B-E", _("Production industries without construction (B-E)")
    C = "C", _("Manufacturing (C)")
    F = "F", _("Construction (F)")
    G_U = "G-U", _("Services (G-U)")
    G_I = "G-I", _("Trade, hospitality, transport (G-I)")
    J = "J", _("Information and communication (J)")
    K = "K", _("Financial and insurance services (K)")
    L = "L", _("Real estate (L)")
    M_N = "M-N", _("Professional, scientific, technical and other business services (M-N)")
    O_Q = "O-Q", _("Public administration, defence, education, health (O-Q)")
    R_U = "R-U", _("Arts, recreation, other services, households (R-U)")
    TOTAL = "TOTAL", _("All sectors")


class ValueFlag(models.TextChoices):
    """Why a figure is not a number (GENESIS symbols); empty for a number."""

    NUMBER = "", _("number")
    SUPPRESSED = ".", _("suppressed for secrecy")
    NOTHING = "-", _("nothing (none, or the area did not exist)")


# The sector labels as the GENESIS export writes them (column 3).
SECTOR_BY_GENESIS_LABEL: dict[str, str] = {
    "Land- und Forstwirtschaft, Fischerei (A)": Sector.A,
    "Produzierendes Gewerbe (B-F)": Sector.B_F,
    "Produzierendes Gewerbe ohne Baugewerbe (B-E)": Sector.B_E,
    "Verarbeitendes Gewerbe (C)": Sector.C,
    "Baugewerbe (F)": Sector.F,
    "Dienstleistungsbereiche (G-U)": Sector.G_U,
    "Handel, Gastgewerbe, Verkehr (G-I)": Sector.G_I,
    "Information und Kommunikation (J)": Sector.J,
    "Erbringung von Finanz- und Vers.leistungen (K)": Sector.K,
    "Grundstücks- und Wohnungswesen (L)": Sector.L,
    "Freiberufl,wissenschaftl. techn. Dienstl.,sonst.DL": Sector.M_N,
    "Öff.Verw.,Verteidig.,Sozialvers.,Erz.-u.Unterricht": Sector.O_Q,
    "Kunst, Unterhaltung, Erholung, Priv. Haush.,usw.": Sector.R_U,
    "Insgesamt": Sector.TOTAL,
}

ATTRIBUTION = "© Statistische Ämter des Bundes und der Länder, Deutschland, 2021, dl-de/by-2-0"
SOURCE_TABLE = "13111-07-05-4"

# Short names for the charts, where a label has one line.
SECTOR_SHORT_LABELS = {
    Sector.A: _("Agriculture (A)"),
    Sector.B_F: _("Production (B-F)"),
    Sector.B_E: _("Industry (B-E)"),
    Sector.C: _("Manufacturing (C)"),
    Sector.F: _("Construction (F)"),
    Sector.G_U: _("Services (G-U)"),
    Sector.G_I: _("Trade, hospitality, transport (G-I)"),
    Sector.J: _("Information, communication (J)"),
    Sector.K: _("Finance, insurance (K)"),
    Sector.L: _("Real estate (L)"),
    Sector.M_N: _("Business services (M-N)"),
    Sector.O_Q: _("Public sector, education, health (O-Q)"),
    Sector.R_U: _("Arts, other services (R-U)"),
    Sector.TOTAL: _("All sectors"),
}
