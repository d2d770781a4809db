from __future__ import annotations

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
    def saved(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


def organisation(name: str = "Testshire Council", slug: str = "testshire") -> Organisation:
    admin = UserFactory(name=f"Admin of {name}")
    return actions.organisation_create(name=name, slug=slug, admin=admin)


def org_admin(org: Organisation) -> User:
    return User.objects.get(org_memberships__organisation=org, org_memberships__role="admin")


def group(org: Organisation, name: str = "Working group", **kwargs: object) -> Group:
    return actions.group_create(
        actor=org_admin(org),
        organisation=org,
        name=name,
        kind=kwargs.pop("kind", Group.Kind.WORKING_GROUP),
        **kwargs,  # type: ignore[arg-type]
    )
