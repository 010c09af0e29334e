"""Users in each role, made from permissions directly (the roles' groups are tested apart)."""

import pytest
from django.contrib.auth.models import Permission, User

ROLE_PERMISSIONS = {
    "contributor": ["propose"],
    "trusted": ["propose", "apply_directly"],
    "moderator": ["propose", "apply_directly", "moderate"],
}


def make_user(name: str, role: str | None) -> User:
    user = User.objects.create_user(name, password="a long enough password 123")
    for codename in ROLE_PERMISSIONS.get(role, []):
        user.user_permissions.add(Permission.objects.get(content_type__app_label="community", codename=codename))
    return User.objects.get(pk=user.pk)  # a fresh object: permission caches are per instance


@pytest.fixture
def contributor(db):
    return make_user("carla", "contributor")


@pytest.fixture
def trusted(db):
    return make_user("tomas", "trusted")


@pytest.fixture
def moderator(db):
    return make_user("mona", "moderator")


@pytest.fixture
def reader(db):
    return make_user("rita", None)
