"""Roles are groups made by a migration; grant() moves a user between them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from opensota.accounts.roles import (
    ADMIN, ANONYMOUS, CONTRIBUTOR, MODERATOR, ROLE_PERMISSIONS, ROLES, TRUSTED, ensure_roles, grant, role_of,
)
from opensota.accounts.tokens import can_edit

pytestmark = pytest.mark.django_db

ALL = ("community.propose", "community.apply_directly", "community.moderate", "accounts.edit_catalog")
EXPECTED = {
    CONTRIBUTOR: {"community.propose"},
    TRUSTED: {"community.propose", "community.apply_directly"},
    MODERATOR: set(ALL),
    ADMIN: set(ALL),
}


def group_permissions(name: str) -> set[str]:
    group = Group.objects.get(name=name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_the_migration_made_the_four_groups_with_their_permissions():
    assert {name: set(perms) for name, perms in ROLE_PERMISSIONS.items()} == EXPECTED
    for role in ROLES:
        assert group_permissions(role) == EXPECTED[role]


def test_ensure_roles_is_idempotent_and_recreates_a_deleted_group():
    Group.objects.filter(name=TRUSTED).delete()
    ensure_roles()
    ensure_roles()
    assert Group.objects.filter(name__in=ROLES).count() == 4
    assert group_permissions(TRUSTED) == EXPECTED[TRUSTED]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_has_exactly_its_permissions(make_user, role):
    user = make_user()
    grant(user, role)
    assert role_of(user) == role
    for perm in ALL:
        assert user.has_perm(perm) == (perm in EXPECTED[role]), perm
    assert can_edit(user) == (role in (MODERATOR, ADMIN))


def test_grant_replaces_the_previous_role_but_keeps_other_groups(make_user):
    user = make_user()
    other = Group.objects.create(name="reviewers of vision")
    user.groups.add(other)
    grant(user, MODERATOR)
    assert user.has_perm("community.moderate")
    grant(user, CONTRIBUTOR)  # demoted: the same object sees the change at once
    assert role_of(user) == CONTRIBUTOR and not user.has_perm("community.moderate")
    assert set(user.groups.values_list("name", flat=True)) == {CONTRIBUTOR, "reviewers of vision"}


def test_grant_refuses_an_unknown_role_and_works_without_the_groups(make_user):
    user = make_user()
    with pytest.raises(ValueError):
        grant(user, "overlord")
    with pytest.raises(ValueError):
        grant(user, ANONYMOUS)
    Group.objects.filter(name__in=ROLES).delete()
    grant(user, TRUSTED)
    assert role_of(user) == TRUSTED and user.has_perm("community.apply_directly")


def test_role_of_anonymous_superuser_inactive_and_groupless_users(make_user):
    assert role_of(None) == ANONYMOUS and role_of(AnonymousUser()) == ANONYMOUS
    groupless = make_user("groupless")
    assert role_of(groupless) == CONTRIBUTOR
    boss = make_user("boss", is_superuser=True)
    assert role_of(boss) == ADMIN and all(boss.has_perm(perm) for perm in ALL)
    banned = make_user("banned", is_active=False)
    grant(banned, MODERATOR)
    assert role_of(banned) == ANONYMOUS and not banned.has_perm("community.propose")
