"""Each profile text is shown, and indexed, only as far as its visibility reaches."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import override

from nahwerk.accounts.permissions import Viewer, members_texts_readable
from nahwerk.accounts.tests.factories import UserFactory
from nahwerk.directory.choices import Visibility
from nahwerk.directory.models import Organisation
from nahwerk.matching import services as matching
from nahwerk.matching.models import ProfileVector
from nahwerk.matching.profiles import organisation_profile

pytestmark = pytest.mark.django_db

TEXTS = {
    "description": ("Öffentliche Beschreibung der Keramikfirma", Visibility.PUBLIC),
    "competences": ("Mitgliederwissen Schlickerguss", Visibility.MEMBERS),
    "equipment": ("Managergeheimnis Tunnelofen", Visibility.MANAGERS),
    "offers": ("Angebot Mitnutzung Brennofen", Visibility.PUBLIC),
}


@pytest.fixture
def profile(world):
    org = world.north_public
    for field, (text, visibility) in TEXTS.items():
        setattr(org, field, text)
        setattr(org, f"{field}_visibility", visibility)
    org.save()
    return org


# persona -> profile texts it sees on North Keramik's page (a public organisation)
SEES = {
    None: {"description", "offers"},
    "carla": set(TEXTS),  # her own organisation
    "dora": {"description", "offers", "competences"},  # member of another North organisation
    "alice": set(TEXTS),  # manages North
    "bob": {"description", "offers"},  # manages South only
    "root": set(TEXTS),
}


def persona_user(world, persona):
    if persona == "dora":
        return UserFactory(username="dora", organisation=world.north_private)
    return getattr(world, persona)


@pytest.mark.parametrize("persona", list(SEES))
def test_public_page_shows_each_text_by_its_visibility(
    world, profile, client, as_user, persona
) -> None:
    if persona:
        client = as_user(persona_user(world, persona))
    html = client.get(profile.get_absolute_url()).content.decode()
    for field, (text, _visibility) in TEXTS.items():
        assert (text in html) is (field in SEES[persona]), field


@pytest.mark.parametrize(
    ("persona", "notes"),
    [
        (None, False),
        ("dora", False),
        ("bob", False),
        ("carla", True),
        ("alice", True),
        ("root", True),
    ],
)
def test_visibility_notes_only_for_those_who_edit(
    world, profile, client, as_user, persona, notes
) -> None:
    if persona:
        client = as_user(persona_user(world, persona))
    html = client.get(profile.get_absolute_url()).content.decode()
    assert html.count('class="visibility-note"') == (len(TEXTS) if notes else 0)


def test_a_text_is_never_more_visible_than_its_organisation(world) -> None:
    org = world.north_private  # members only
    assert org.description_visibility == Visibility.PUBLIC
    assert org.field_visibility("description") == Visibility.MEMBERS
    org.offers_visibility = Visibility.MANAGERS
    assert org.field_visibility("offers") == Visibility.MANAGERS
    assert world.south_private.field_visibility("competences") == Visibility.MANAGERS


def test_narrowed_visibility_is_what_the_editor_is_told(world, as_user) -> None:
    org = world.north_private
    org.description = "Intern"
    org.save()
    html = as_user(world.alice).get(org.get_absolute_url()).content.decode()
    note = html.split('class="visibility-note"')[1].split("</p>")[0]
    with override("de"):  # the page's default language
        assert str(Visibility.MEMBERS.label) in note


def test_profile_for_the_index_leaves_out_manager_only_texts(profile) -> None:
    fields = dict(organisation_profile(profile).fields)
    assert fields["description"] == TEXTS["description"][0]
    assert fields["competences"] == TEXTS["competences"][0]
    assert fields["offers"] == TEXTS["offers"][0]
    assert "equipment" not in fields


def test_manager_only_text_cannot_be_found_nor_quoted(profile, world, matching_index: Path):
    matching.rebuild_index()
    # even the site administrator, who may read the text on the page, gets nothing of it
    # from the shared index
    matches = matching.find_partners("Managergeheimnis Tunnelofen", user=world.root)
    for match in matches:
        why = match.explanation
        assert not any("Managergeheimnis" in p.passage for p in why.passages)
        assert not any(term.casefold() == "managergeheimnis" for term in why.shared_terms)
    matches = matching.find_partners("Mitnutzung Brennofen", user=world.root)
    assert matches and matches[0].organisation == profile
    assert {p.field for p in matches[0].explanation.passages} <= {
        "description",
        "offers",
        "competences",
    }


def test_only_the_organisations_managers_are_offered_to_invite_a_contact(world, as_user) -> None:
    invite = "/konto/einladen/?organisation=nord-keramik"
    page = world.north_public.get_absolute_url()
    assert invite in as_user(world.alice).get(page).content.decode()
    for persona in (world.bob, world.carla):
        assert invite not in as_user(persona).get(page).content.decode()


def test_a_members_only_text_ranks_only_for_those_who_may_read_it(
    profile, world, matching_index: Path
) -> None:
    """Those who may not read a text get the organisation's public variant from the index."""
    matching.rebuild_index()
    audiences = set(
        ProfileVector.objects.filter(organisation=profile).values_list("audience", flat=True)
    )
    assert audiences == {ProfileVector.ALL, ProfileVector.PUBLIC}
    scores = {}
    for persona, sees in SEES.items():
        user = persona_user(world, persona) if persona else None
        found = {
            m.organisation: m
            for m in matching.find_partners("Mitgliederwissen Schlickerguss", user=user)
        }
        match = found.get(profile)
        if "competences" in sees:
            assert match is not None and next(iter(found)) == profile, persona
            assert "competences" in {p.field for p in match.explanation.passages}
        else:
            assert match is None or "competences" not in {
                p.field for p in match.explanation.passages
            }
        scores[persona] = match.score if match else 0.0
    # every reader ranks it by the text, every other viewer exactly as the public does
    assert {scores[p] for p, sees in SEES.items() if "competences" not in sees} == {scores[None]}
    assert min(scores[p] for p, sees in SEES.items() if "competences" in sees) > scores[None]
    # once the text is public, the variant and its vector are gone
    profile.competences_visibility = Visibility.PUBLIC
    profile.save()
    matching.rebuild_index()
    assert set(
        ProfileVector.objects.filter(organisation=profile).values_list("audience", flat=True)
    ) == {ProfileVector.ALL}
    assert profile.pk not in matching.index_cache.variants()


@pytest.mark.parametrize("persona", list(SEES))
def test_members_texts_readable_agrees_with_the_page(world, persona) -> None:
    user = persona_user(world, persona) if persona else AnonymousUser()
    readable = members_texts_readable(user)
    viewer = Viewer(user)
    for org in Organisation.objects.all():
        expected = viewer.sees(Visibility.MEMBERS, org)
        assert (readable is None or org.pk in readable) is expected, (persona, org.name)
