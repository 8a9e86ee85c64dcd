"""Choices of the projects app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectSource(models.TextChoices):
    CORDIS = "cordis", _("CORDIS project record")
    H2020_NETWORK = "h2020_network", _("H2020 participation network")
    PLATFORM = "platform", _("Entered on the platform")


class ParticipantRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    PARTICIPANT = "participant", _("Participant")
    PARTNER = "partner", _("Partner")
    THIRD_PARTY = "third_party", _("Third party")
    # platform projects: an associated partner takes part without funding of its own
    ASSOCIATED = "associated", _("Associated partner")


# The roles a partner of a platform project can have.
PLATFORM_ROLES = (ParticipantRole.COORDINATOR, ParticipantRole.PARTNER, ParticipantRole.ASSOCIATED)


class ProjectStatus(models.TextChoices):
    """Where a platform project stands, from the idea to its end."""

    IDEA = "idea", _("Idea")
    CONSORTIUM_FORMING = "forming", _("Consortium forming")
    SUBMITTED = "submitted", _("Submitted")
    GRANTED = "granted", _("Granted")
    REJECTED = "rejected", _("Rejected")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")


# The steps a project may take from each status. Back steps are for a consortium that falls
# apart (forming → idea) or a rejected proposal that is reworked; "running" straight after
# "consortium forming" is for a cooperation without funding (checked in the service).
STATUS_STEPS: dict[str, tuple[str, ...]] = {
    ProjectStatus.IDEA: (ProjectStatus.CONSORTIUM_FORMING, ProjectStatus.SUBMITTED),
    ProjectStatus.CONSORTIUM_FORMING: (
        ProjectStatus.IDEA,
        ProjectStatus.SUBMITTED,
        ProjectStatus.RUNNING,
    ),
    ProjectStatus.SUBMITTED: (ProjectStatus.GRANTED, ProjectStatus.REJECTED),
    ProjectStatus.GRANTED: (ProjectStatus.RUNNING,),
    ProjectStatus.REJECTED: (ProjectStatus.IDEA, ProjectStatus.CONSORTIUM_FORMING),
    ProjectStatus.RUNNING: (ProjectStatus.FINISHED,),
    ProjectStatus.FINISHED: (),
}

# Statuses in which a granted amount can be known.
GRANTED_STATUSES = (ProjectStatus.GRANTED, ProjectStatus.RUNNING, ProjectStatus.FINISHED)

# A platform project counts as earlier cooperation of its (accepted) partners once it was
# granted or runs: before that the partners only planned together, and a rejected proposal
# may never have brought them to work together.
COOPERATION_STATUSES = GRANTED_STATUSES


class InvitationAnswer(models.TextChoices):
    """A platform partner's answer to the invitation into a project."""

    PENDING = "pending", _("No answer yet")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class ParticipantType(models.TextChoices):
    """CORDIS activity types."""

    PRC = "PRC", _("Private company")
    HES = "HES", _("Higher education")
    REC = "REC", _("Research organisation")
    PUB = "PUB", _("Public body")
    OTH = "OTH", _("Other")


# A project without a title, described by its framework programme (CORDIS codes).
PROJECT_IN_PROGRAMME = {
    "H2020": _("EU project in Horizon 2020"),
    "FP7": _("EU project in the Seventh Framework Programme (FP7)"),
    "HORIZON": _("EU project in Horizon Europe"),
}

# The parts of Horizon 2020 by the codes of the participation network, with their names in
# Regulation (EU) No 1291/2013 (the German ones from its German version).
PROGRAMME_PART_NAMES = {
    "ERC": _("European Research Council (ERC)"),
    "FET": _("Future and Emerging Technologies (FET)"),
    "MSCA": _("Marie Skłodowska-Curie actions (MSCA)"),
    "RI": _("Research infrastructures"),
    "LEIT": _("Leadership in enabling and industrial technologies (LEIT)"),
    "ARF": _("Access to risk finance"),
    "Innovation in SMEs": _("Innovation in SMEs"),
    "SC1": _("Societal Challenge 1: Health, demographic change and wellbeing"),
    "SC2": _(
        "Societal Challenge 2: Food security, sustainable agriculture and forestry, marine, "
        "maritime and inland water research and the bioeconomy"
    ),
    "SC3": _("Societal Challenge 3: Secure, clean and efficient energy"),
    "SC4": _("Societal Challenge 4: Smart, green and integrated transport"),
    "SC5": _(
        "Societal Challenge 5: Climate action, environment, resource efficiency and raw materials"
    ),
    "SC6": _(
        "Societal Challenge 6: Europe in a changing world – inclusive, innovative and "  # noqa: RUF001
        "reflective societies"
    ),
    "SC7": _(
        "Societal Challenge 7: Secure societies – protecting freedom and security of Europe "  # noqa: RUF001
        "and its citizens"
    ),
    "SEWP": _("Spreading excellence and widening participation"),
    "SWAFS": _("Science with and for society"),
    "Euratom": _("Euratom research and training programme"),
}
