"""Choices of the talent exchange."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PostingKind(models.TextChoices):
    INTERNSHIP = "internship", _("Internship")
    BACHELOR_THESIS = "bachelor_thesis", _("Bachelor thesis")
    MASTER_THESIS = "master_thesis", _("Master thesis")
    WORKING_STUDENT = "working_student", _("Working student")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
    JOB = "job", _("Job")
    SECONDMENT = "secondment", _("Secondment (personnel exchange)")
    GUEST_RESEARCHER = "guest_researcher", _("Guest researcher (personnel exchange)")
    FURTHER_TRAINING = "further_training", _("Further training")

    @classmethod
    def theses(cls) -> tuple[str, ...]:
        return (cls.BACHELOR_THESIS, cls.MASTER_THESIS)


# schema.org JobPosting's employmentType for each kind
EMPLOYMENT_TYPE = {
    PostingKind.INTERNSHIP: "INTERN",
    PostingKind.BACHELOR_THESIS: "INTERN",
    PostingKind.MASTER_THESIS: "INTERN",
    PostingKind.WORKING_STUDENT: "PART_TIME",
    PostingKind.APPRENTICESHIP: "FULL_TIME",
    PostingKind.JOB: "FULL_TIME",
    PostingKind.SECONDMENT: "TEMPORARY",
    PostingKind.GUEST_RESEARCHER: "TEMPORARY",
    PostingKind.FURTHER_TRAINING: "OTHER",
}


class FieldOfWork(models.TextChoices):
    ENGINEERING = "engineering", _("Engineering")
    MATERIALS = "materials", _("Materials science and ceramics")
    COMPUTING = "computing", _("Computer science and IT")
    SCIENCES = "sciences", _("Natural sciences")
    BUSINESS = "business", _("Business and administration")
    DESIGN = "design", _("Design")
    CRAFTS = "crafts", _("Crafts and trades")
    OTHER = "other", _("Other")


class Language(models.TextChoices):
    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")
    BOTH = "de_en", _("German or English")


class PostingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    EXPIRED = "expired", _("Expired")
    CLOSED = "closed", _("Closed")


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_REVIEW = "in_review", _("In review")
    INVITED = "invited", _("Invited to an interview")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
