"""Sign-in security: two-step sign-in (turning it on and off, using a code, an admin
resetting someone's) and pausing sign-in after too many wrong tries. See
docs/security.md."""

from __future__ import annotations

import logging

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from .. import audit, secretbox, throttle, two_step
from ..models import RecoveryCode, TwoStep, User
from ..permissions import require as _require

log = logging.getLogger(__name__)

WRONG_CODE = gettext_lazy("That code is not right. Type the 6 numbers your app shows now.")


@transaction.atomic
def two_step_enable(*, actor: User, secret: str, code: str) -> list[str]:
    """Turn on two-step sign-in for the person themselves, once they have typed a code
    their app made from `secret`. Returns the 10 recovery codes, to show once: only
    their hashes are kept."""
    person = User.objects.select_for_update().get(pk=actor.pk)
    if TwoStep.objects.filter(user=person).exists():
        raise ValidationError(gettext("Two-step sign-in is on already."), code="already_on")
    step = two_step.matching_step(secret, code, after=0)
    if step is None:
        raise ValidationError({"code": WRONG_CODE})
    TwoStep.objects.create(user=person, secret=secretbox.seal(secret), last_step=step)
    codes = _new_recovery_codes(person)
    audit.record_for_person(
        person=person,
        actor=actor,
        verb="two_step.enable",
        obj=person,
        summary=f"{person} turned on two-step sign-in",
    )
    return codes


def _new_recovery_codes(person: User) -> list[str]:
    RecoveryCode.objects.filter(user=person).delete()
    codes = two_step.new_recovery_codes()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=person, code_hash=make_password(two_step.clean_code(c))) for c in codes
    )
    return codes


@transaction.atomic
def two_step_check(*, person: User, code: str) -> str | None:
    """Use a code from the person's app, or one of their recovery codes. Returns "app"
    or "recovery", or None when the code is wrong, too old or used already (a code from
    the app works once; a recovery code works once)."""
    found = TwoStep.objects.select_for_update().filter(user=person).first()
    if found is None:
        return None
    try:
        secret = secretbox.open_sealed(found.secret)
    except ValueError:
        log.error("The two-step key of person %s does not open: reset it.", person.pk)
        return None
    step = two_step.matching_step(secret, code, after=found.last_step)
    if step is not None:
        found.last_step = step
        found.save(update_fields=["last_step"])
        return "app"
    typed = two_step.clean_code(code)
    if len(typed) != 10:
        return None
    for recovery in RecoveryCode.objects.filter(user=person, used_at__isnull=True):
        if check_password(typed, recovery.code_hash):
            recovery.used_at = timezone.now()
            recovery.save(update_fields=["used_at"])
            left = RecoveryCode.objects.filter(user=person, used_at__isnull=True).count()
            audit.record_for_person(
                person=person,
                actor=person,
                verb="two_step.recovery_code",
                obj=person,
                summary=f"{person} signed in with a recovery code ({left} left)",
            )
            return "recovery"
    return None


@transaction.atomic
def recovery_codes_renew(*, actor: User) -> list[str]:
    """New recovery codes for the person themselves; the old ones stop working."""
    if not TwoStep.objects.filter(user=actor).exists():
        raise ValidationError(gettext("Turn on two-step sign-in first."), code="not_on")
    codes = _new_recovery_codes(actor)
    audit.record_for_person(
        person=actor,
        actor=actor,
        verb="two_step.recovery_codes",
        obj=actor,
        summary=f"{actor} made new recovery codes",
    )
    return codes


@transaction.atomic
def two_step_disable(*, actor: User) -> None:
    """Turn off two-step sign-in for the person themselves. The page asks for a current
    code first. Refused for people who must use it."""
    if two_step.required_for(actor):
        raise PermissionDenied("two-step sign-in is required for this person")
    TwoStep.objects.filter(user=actor).delete()
    RecoveryCode.objects.filter(user=actor).delete()
    audit.record_for_person(
        person=actor,
        actor=actor,
        verb="two_step.disable",
        obj=actor,
        summary=f"{actor} turned off two-step sign-in",
    )


@transaction.atomic
def two_step_reset(*, actor: User, person: User) -> None:
    """An admin takes away someone's two-step sign-in, when they lost their phone and
    their recovery codes. They set it up again when they next sign in (if they must)."""
    _require(actor, "core.reset_two_step", person)
    deleted, _ = TwoStep.objects.filter(user=person).delete()
    if not deleted:
        return  # nothing to reset, nothing to note
    RecoveryCode.objects.filter(user=person).delete()
    audit.record_for_person(
        person=person,
        actor=actor,
        verb="two_step.reset",
        obj=person,
        summary=f"{actor} reset two-step sign-in for {person}",
    )


@transaction.atomic
def sign_in_failure(*, address: str, account: str | None, person: User | None) -> None:
    """Count a wrong password or code against the address and the account. When that
    pauses the account, the person's organisations' audit logs say so; a paused
    address goes in the server log (it belongs to no organisation)."""
    paused = throttle.count_failure(address, account)
    if "account" in paused and person is not None:
        audit.record_for_person(
            person=person,
            actor=None,
            verb="sign_in.paused",
            obj=person,
            summary=f"Sign-in paused for {person} for 15 minutes after too many wrong tries",
        )
    if paused:
        log.warning("Sign-in paused for %s after too many wrong tries.", " and ".join(paused))
    if "address" in paused:
        log.warning("Sign-in paused for address %s.", address)
