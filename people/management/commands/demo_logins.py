"""`manage.py demo_logins`: the demo accounts, their roles and scopes, and the demo password."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from people.demo_users import DEMO_PASSWORD, DEMO_USERNAMES
from people.models import CivilServant, PartnerParticipant, Role, RoleAssignment, User


def _rows() -> list[tuple[str, str, str, str]]:
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    roles: dict[int, list[tuple[str, str]]] = {}
    for a in RoleAssignment.objects.filter(user__in=users.values()).select_related("body", "unit__body"):
        scope = (f"{a.unit.body.code} / {a.unit.name}" if a.unit_id
                 else f"{a.body.code} — {a.body.name}" if a.body_id else "")
        roles.setdefault(a.user_id, []).append((str(Role(a.role).label), scope))
    for s in CivilServant.objects.filter(user__in=users.values()).select_related("body"):
        roles.setdefault(s.user_id, []).append((str(Role.SERVANT.label), f"{s.body.code} · {s.personnel_number}"))
    for p in PartnerParticipant.objects.filter(user__in=users.values()):
        roles.setdefault(p.user_id, []).append((str(Role.PARTNER.label), f"{p.country} — {p.organisation}"))
    rows = []
    for username in DEMO_USERNAMES:
        user = users.get(username)
        if user is None:
            continue
        seen = dict.fromkeys(roles.get(user.pk, []))  # a partner has both a role row and a profile
        merged: dict[str, str] = {}
        for label, scope in seen:
            merged[label] = " | ".join(x for x in (merged.get(label, ""), scope) if x)
        if user.is_superuser:
            merged.setdefault(str(Role.ADMIN.label), "")
        for label, scope in merged.items() or [("—", "")]:
            rows.append((username, label, scope or _("whole platform"), DEMO_PASSWORD))
    return rows


class Command(BaseCommand):
    help = "Print the demo accounts (username, role, scope, password)."

    def handle(self, *args, **options):
        rows = _rows()
        if not rows:
            self.stdout.write(_("No demo accounts yet: run `manage.py seed_demo` first."))
            return
        header = (_("username"), _("role"), _("scope"), _("password"))
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
        line = "  ".join("-" * w for w in widths)
        self.stdout.write("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
        self.stdout.write(line)
        previous = None
        for row in rows:
            again = row[0] == previous
            shown = ("" if again else row[0], row[1], row[2], "" if again else row[3])
            self.stdout.write("  ".join(c.ljust(w) for c, w in zip(shown, widths, strict=True)).rstrip())
            previous = row[0]
