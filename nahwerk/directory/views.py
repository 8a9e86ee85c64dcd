"""The directory of organisations, an organisation's page and the page to edit its profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from nahwerk.accounts.permissions import (
    Viewer,
    is_manager,
    manageable_organisations,
    visible_organisations,
)
from nahwerk.directory import services
from nahwerk.directory.forms import (
    MAX_CONTACTS,
    PROFILE_TEXT_MAX_CHARS,
    ContactFormSet,
    DirectoryFilterForm,
    OrganisationProfileForm,
)
from nahwerk.forms import check_formset_size
from nahwerk.funding.fit import calls_section
from nahwerk.queryparams import page_number


def organisation_list(request: HttpRequest) -> HttpResponse:
    """The networks' organisations, filtered and paged; each viewer sees what it may see."""
    form = DirectoryFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        # a bad filter is named and nothing is listed, rather than a list filtered wrongly
        return render(request, "directory/organisation_list.html", {"form": form}, status=400)
    organisations = services.directory_organisations(request.user, form.directory_filters())
    number = page_number(request.GET)  # a bad number: 400 naming it
    page = Paginator(organisations, services.DIRECTORY_PAGE_SIZE).get_page(number)
    context = {
        "form": form,
        "page": page,
        "entries": services.directory_entries(page.object_list),
        "filtered": bool(form.directory_filters()),
    }
    return render(request, "directory/organisation_list.html", context)


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(
        visible_organisations(request.user).with_history_flag().with_district(),
        slug=slug,
    )
    viewer = Viewer(request.user)
    context = {
        "organisation": organisation,
        "sections": services.visible_profile_sections(organisation, viewer),
        "may_edit": services.may_edit_profile(viewer, organisation),
        # managers of the organisation's networks may invite its contacts
        "may_invite": is_manager(request.user)
        and manageable_organisations(request.user).filter(pk=organisation.pk).exists(),
        "industry_codes": list(organisation.industry_codes.all()),
        "networks": services.visible_networks_of(organisation),
        "contacts": services.visible_contacts(organisation, request.user),
        "projects": services.project_history(organisation, request.user),
        # its own people and its networks' managers see the calls that fit it
        "funding_calls": calls_section(organisation, request.user),
    }
    return render(request, "directory/organisation_detail.html", context)


@login_required
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    # Not found for organisations the user may not see, so that the page does not reveal
    # hidden ones; forbidden for those the user sees but may not change.
    organisation = get_object_or_404(visible_organisations(request.user), slug=slug)
    viewer = Viewer(request.user)
    if not services.may_edit_profile(viewer, organisation):
        raise PermissionDenied
    contact_kwargs = {"may_use_any_basis": services.may_manage(viewer, organisation)}
    if request.method == "POST":
        check_formset_size(request.POST, prefix="contacts", max_forms=MAX_CONTACTS)
        form = OrganisationProfileForm(request.POST, instance=organisation)
        contacts = ContactFormSet(
            request.POST, instance=organisation, prefix="contacts", form_kwargs=contact_kwargs
        )
        if form.is_valid() and contacts.is_valid():
            services.save_profile(form=form, contacts=contacts)
            messages.success(request, _("The profile has been saved."))
            return redirect(organisation)
    else:
        form = OrganisationProfileForm(instance=organisation)
        contacts = ContactFormSet(
            instance=organisation, prefix="contacts", form_kwargs=contact_kwargs
        )
    context = {
        "organisation": organisation,
        "form": form,
        "contacts": contacts,
        "max_chars": PROFILE_TEXT_MAX_CHARS,
    }
    return render(request, "directory/organisation_edit.html", context)
