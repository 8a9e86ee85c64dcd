"""Choices of the networks app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NetworkKind(models.TextChoices):
    REGISTERED_ASSOCIATION = "registered_association", _("Registered association (e.V.)")
    AGENCY_NETWORK = "agency_network", _("Network of economic development agencies")
    WIR_ALLIANCE = "wir_alliance", _("WIR! alliance")
    DEVELOPMENT_COMPANY = "development_company", _("Economic development company")
    CLUSTER_INITIATIVE = "cluster_initiative", _("Cluster initiative")


class ServiceKind(models.TextChoices):
    FUNDING_ADVICE = "funding_advice", _("Help with funding applications")
    COOPERATION = "cooperation", _("Initiating cooperation projects")
    DEMAND_BROKERING = "demand_brokering", _("Carrying company needs to science")
    TRAINING = "training", _("Further training")
    SKILLED_WORKERS = "skilled_workers", _("Securing skilled workers")
    STARTUPS = "startups", _("Support for business start-ups")
    VENTURE_CAPITAL = "venture_capital", _("Venture capital for start-ups")
    EVENTS = "events", _("Events and industry meetings")
    TRADE_FAIRS = "trade_fairs", _("Joint trade-fair stands")
    ENTREPRENEUR_TRIPS = "entrepreneur_trips", _("Entrepreneur trips")
    PERSONNEL_EXCHANGE = "personnel_exchange", _("Personnel exchange between science and SMEs")
    COMPETENCE_MARKETING = "competence_marketing", _("Competence marketing")
    REGIONAL_STRATEGY = "regional_strategy", _("Regional development concept")


class RoleKind(models.TextChoices):
    BOARD_CHAIR = "board_chair", _("Chair of the board")
    VICE_CHAIR = "vice_chair", _("Deputy chair")
    TREASURER = "treasurer", _("Treasurer")
    SECRETARY = "secretary", _("Secretary")
    ADVISORY_BOARD = "advisory_board", _("Advisory board")
    AUDITOR = "auditor", _("Auditor")
    BOARD_MEMBER = "board_member", _("Board member")
    SPOKESPERSON = "spokesperson", _("Spokesperson")
    MANAGING_DIRECTOR = "managing_director", _("Managing director")
    NETWORK_COORDINATOR = "network_coordinator", _("Network coordinator")
    PARTNER_INSTITUTION = "partner_institution", _("Partner institution")
    PROJECT_TEAM = "project_team", _("Project team")
    SPONSOR = "sponsor", _("Sponsoring body")
    CONTACT = "contact", _("Contact")


class MembershipStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")
    DECLINED = "declined", _("Declined")


# Memberships that tie an organisation to its network's managers and members: an
# application (or a declined one) opens nothing of the applicant's data to the network.
AFFILIATED_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED, MembershipStatus.ENDED)


class DuesStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PAID = "paid", _("Paid")
    WAIVED = "waived", _("Waived")


class FeeCategory(models.TextChoices):
    REGULAR = "regular", _("Regular member")
    SME = "sme", _("SME rate")
    STARTUP = "startup", _("Start-up rate")
    SCIENCE = "science", _("University or research institute")
    PUBLIC = "public", _("Public body")
    SUPPORTING = "supporting", _("Supporting member")
    EXEMPT = "exempt", _("Exempt from fees")
