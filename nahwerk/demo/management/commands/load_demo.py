"""Load reference data, the EU project history and the demo networks; safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from nahwerk.demo.loading import DEMO_PASSWORD, DemoDataError, DemoLogin, DemoReport, load_demo


class Command(BaseCommand):
    help = (
        "Load the reference data, the CORDIS project history and the demo networks with their "
        "named and fictitious members, and create the demo logins. Running it again changes "
        "nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--skip-history",
            action="store_true",
            help="Skip the 116,000 Horizon 2020 participations (much faster).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_demo(with_history=not options["skip_history"], log=self.stdout.write)
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        self._summary(report)
        self._logins(report.logins)

    def _summary(self, report: DemoReport) -> None:
        if report.reference is not None:
            self.stdout.write(
                _("Reference data: %(d)s districts, %(p)s postcodes, %(w)s WZ 2008 codes.")
                % {
                    "d": report.reference.districts,
                    "p": report.reference.postcodes,
                    "w": report.reference.industry_codes,
                }
            )
        self.stdout.write(report.cordis.summary())
        if report.history is not None:
            self.stdout.write(report.history.summary())
        if report.calls is not None:
            self.stdout.write(report.calls.summary())
        self.stdout.write(
            _(
                "Demo: %(n)s networks, %(s)s named organisations, %(f)s fictitious members, "
                "%(p)s people, %(r)s roles, %(m)s memberships (%(c)s rows created, "
                "%(u)s changed)."
            )
            % {
                "n": report.networks,
                "s": report.seed_organisations,
                "f": report.fictitious_organisations,
                "p": report.people,
                "r": report.roles,
                "m": report.memberships,
                "c": report.created,
                "u": report.updated,
            }
        )
        for slug, count in report.members_by_network.items():
            self.stdout.write(
                _("  %(slug)-20s %(count)3d members") % {"slug": slug, "count": count}
            )
        self.stdout.write(
            _("%(count)s fictitious organisations of the regions that are no members (prospects).")
            % {"count": report.prospects}
        )

    def _logins(self, logins: list[DemoLogin]) -> None:
        roles = {
            "admin": _("site administrator"),
            "manager": _("network manager"),
            "member": _("member"),
        }
        rows = [(_("username"), _("password"), _("role"))]
        for login in logins:
            role = roles[login.role]
            rows.append(
                (login.username, DEMO_PASSWORD, f"{role}: {login.scope}" if login.scope else role)
            )
        width = [max(len(row[i]) for row in rows) for i in range(2)]
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(_("Demo logins:")))
        for username, password, role in rows:
            self.stdout.write(f"  {username:<{width[0]}}  {password:<{width[1]}}  {role}")
        self.stdout.write(
            _("Passwords are set only when a user is created; a changed password is kept.")
        )
