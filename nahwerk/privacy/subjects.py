"""Whose data: a person as the platform knows them, an account and/or contact records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from nahwerk.accounts.models import User
from nahwerk.accounts.permissions import manageable_organisations, manageable_people
from nahwerk.directory.models import Person

# Values shorter than this are not searched for in other people's texts ("Li", "01").
MIN_VALUE_LENGTH = 4


@dataclass
class DataSubject:
    """One person: their account (if any) and the contact records that name them.

    Contact records belong to the person when they carry the account's e-mail address.
    """

    user: User | None
    people: list[Person] = field(default_factory=list)
    # further addresses known only from records without an account (job applications)
    emails: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.user is not None:
            return self.user.get_full_name() or self.user.username
        return self.people[0].full_name if self.people else ""

    def personal_values(self) -> list[str]:
        """Full names, e-mail addresses and phone numbers, longest first.

        These are looked for in free texts and in the audit log when the person is erased.
        The user name is not: "anna" or "info" would hit other people's words.
        """
        values: set[str] = set()
        if self.user is not None:
            full = f"{self.user.first_name} {self.user.last_name}".strip()
            values |= {full, self.user.email}
        values |= set(self.emails)
        for person in self.people:
            values |= {
                person.full_name,
                f"{person.first_name} {person.last_name}".strip(),
                person.email,
                person.phone,
            }
        usable = {v.strip() for v in values if v and len(v.strip()) >= MIN_VALUE_LENGTH}
        return sorted(usable, key=lambda v: (-len(v), v))


def _people_with_email(email: str, within: QuerySet[Person]) -> list[Person]:
    if not email:
        return []
    return list(within.filter(email__iexact=email).order_by("pk"))


def subject_for_user(user: User) -> DataSubject:
    """The person behind an account, with every contact record carrying its e-mail."""
    return DataSubject(user=user, people=_people_with_email(user.email, Person.objects.all()))


def subject_for_person(person: Person, *, manager: Any) -> DataSubject:
    """The person behind a contact record, as far as this manager's networks reach.

    The account and the other contact records with the same e-mail address belong to the
    same person; those outside the manager's networks are left alone.
    """
    people = _people_with_email(person.email, manageable_people(manager)) or [person]
    if person not in people:
        people.insert(0, person)
    user = None
    if person.email:
        user = (
            User.objects.filter(
                email__iexact=person.email,
                organisation__in=manageable_organisations(manager).values("pk"),
            )
            .order_by("pk")
            .first()
        )
    return DataSubject(user=user, people=people)


def subject_for_account(user: User, *, manager: Any) -> DataSubject:
    """A member account in this manager's networks, with its contact records there."""
    return DataSubject(user=user, people=_people_with_email(user.email, manageable_people(manager)))


def manageable_accounts(manager: Any) -> QuerySet[User]:
    """Member accounts of the organisations this user manages."""
    return User.objects.filter(
        organisation__in=manageable_organisations(manager).values("pk"), is_superuser=False
    )
