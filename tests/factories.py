from __future__ import annotations

from typing import Any, cast

import factory

from equalvoice.core import actions
from equalvoice.core.models import Group, Organisation, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def saved(obj: Any, create: bool, extracted: object, **kwargs: object) -> None:  # noqa: N805
        if create:
            obj.save()


def make_user(**kwargs: object) -> User:
    return cast(User, UserFactory(**kwargs))


def organisation(name: str = "Testshire Council", slug: str = "testshire") -> Organisation:
    admin = make_user(name=f"Admin of {name}")
    return actions.organisation_create(name=name, slug=slug, admin=admin)


def org_admin(org: Organisation) -> User:
    return User.objects.get(org_memberships__organisation=org, org_memberships__role="admin")


def group(org: Organisation, name: str = "Working group", kind: str = "working_group") -> Group:
    return actions.group_create(actor=org_admin(org), organisation=org, name=name, kind=kind)
