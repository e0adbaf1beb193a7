"""Bank statements (银行流水): the credit lines a union imports, each matched to an expected remittance of a union
under it (by the reference holding the union's code or a covered employer's credit code, else by the payer's name
and the amount) and the payment recorded through ``services.record_payment`` once; a line matched by none waits
for an official to match it by hand (``match_line``)."""

import hashlib
import unicodedata

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.workflow import transition
from gonghui.orgs.models import EmployerUnit, Organisation

from . import services
from .choices import Channel, MatchedBy
from .models import BankLine, Remittance


def normalise(text):
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split()).upper()


def fingerprint(day, amount, payer_name, payer_account, reference, occurrence=1):
    """The identity of a statement line (the same line imported again has the same one); ``occurrence`` tells
    apart identical lines of one statement."""
    text = "|".join([day.isoformat(), f"{amount:.2f}", normalise(payer_name), normalise(payer_account),
                     normalise(reference), str(occurrence)])
    return hashlib.sha256(text.encode()).hexdigest()


def open_remittances(user, root):
    """The remittances of ``root``'s subtree (in the user's scope) still in arrears: what a line may pay."""
    return (Remittance.objects.for_user(user).filter(org__path__startswith=root.path, amount_due__gt=F("received"))
            .select_related("org").order_by("year", "id"))


class Matcher:
    """Matches lines to the open remittances of a subtree, read once for a batch."""

    def __init__(self, user, root):
        self.remittances = list(open_remittances(user, root))
        org_ids = {r.org_id for r in self.remittances}
        self.codes = {normalise(code): pk for pk, code in
                      Organisation.objects.filter(pk__in=org_ids).values_list("pk", "code") if code}
        self.codes.update({normalise(code): pk for code, pk in EmployerUnit.objects.filter(
            union_id__in=org_ids).values_list("credit_code", "union_id") if code})

    def match(self, day, amount, payer_name, reference):
        """``(remittance, how)`` or ``(None, "")``."""
        ref, payer = normalise(reference), normalise(payer_name)
        if ref:
            orgs = {pk for code, pk in self.codes.items() if code in ref}
            found = [r for r in self.remittances if r.org_id in orgs]
            for narrow in (lambda r: normalise(r.employer) == payer, lambda r: r.year == day.year):
                if len(found) > 1:
                    found = [r for r in found if narrow(r)] or found
            if len(found) == 1:
                return found[0], MatchedBy.REFERENCE
        found = [r for r in self.remittances if normalise(r.employer) == payer and r.arrears == amount]
        if len(found) == 1:
            return found[0], MatchedBy.PAYER
        return None, ""


def _pay(user, line, remittance, how):
    payment = services.record_payment(user, remittance, amount=line.amount, date=line.date, channel=Channel.DIRECT)
    return transition(line, user, "match", changes={"remittance": remittance, "payment": payment,
                                                    "matched_by": how})


@transaction.atomic
def record_line(user, root, data, remittance=None, how=""):
    """A statement line kept at ``root`` and, when matched, its payment recorded."""
    scope.require(user, "change", root)
    already = ValidationError({"reference": _("This statement line has already been imported.")})
    if BankLine.objects.filter(fingerprint=data["fingerprint"]).exists():
        raise already
    try:
        with transaction.atomic():  # the same statement imported twice at once: the fingerprint is unique
            line = BankLine.objects.create(org=root, recorded_by=user if getattr(user, "pk", None) else None,
                                           **data)
    except IntegrityError:
        raise already from None
    audit.created(line, user)
    if remittance is not None:
        line = _pay(user, line, remittance, how)
    return line


@transaction.atomic
def match_line(user, line, remittance):
    """An official matches a line by hand to a remittance in arrears of a union under the line's union."""
    scope.require(user, "change", line.org)
    if remittance is None:
        raise ValidationError({"remittance": _("Choose the remittance.")})
    if not open_remittances(user, line.org).filter(pk=remittance.pk).exists():
        raise ValidationError({"remittance": _("Choose a remittance in arrears of a union under %(org)s.")
                               % {"org": line.org.name}})
    return _pay(user, line, remittance, MatchedBy.MANUAL)
