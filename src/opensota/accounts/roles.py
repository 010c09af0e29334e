"""Roles: four Django groups, each a set of permissions, ranked from least to most trusted.

Groups rather than a role field so that an administrator can change who may do what
in the admin, and so that code asks the usual question, `user.has_perm(...)`, never
"which role is this". `role_of` is for display (the profile page) and for tests.
"""

from __future__ import annotations

from django.db.models import Q

ANONYMOUS = "anonymous"
CONTRIBUTOR = "contributor"
TRUSTED = "trusted contributor"
MODERATOR = "moderator"
ADMIN = "admin"

_PROPOSE = ("community.propose",)
_TRUSTED = _PROPOSE + ("community.apply_directly",)
_MODERATE = _TRUSTED + ("community.moderate", "accounts.edit_catalog")

# Least to most trusted; superusers are admins whatever their groups.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    CONTRIBUTOR: _PROPOSE,
    TRUSTED: _TRUSTED,
    MODERATOR: _MODERATE,
    ADMIN: _MODERATE,
}
ROLES = tuple(ROLE_PERMISSIONS)


def ensure_roles(group_model=None, permission_model=None) -> dict:
    """Create the role groups (idempotent) and add their permissions; name -> Group.

    Permissions are only added, never removed, so what an administrator granted a
    group in the admin survives. The migration passes its historical models.
    """
    if group_model is None or permission_model is None:
        from django.contrib.auth.models import Group, Permission

        group_model, permission_model = group_model or Group, permission_model or Permission
    wanted = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    query = Q()
    for perm in wanted:
        app_label, codename = perm.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = {f"{p.content_type.app_label}.{p.codename}": p
             for p in permission_model.objects.filter(query).select_related("content_type")}
    missing = wanted - set(found)
    if missing:
        raise LookupError(f"permissions not created yet (run migrate): {sorted(missing)}")
    groups = {}
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        group.permissions.add(*(found[perm] for perm in perms))
        groups[role] = group
    return groups


def role_of(user) -> str:
    """The user's highest role: "anonymous" for nobody (or a deactivated account),
    "admin" for a superuser, else the highest role group they are in ("contributor"
    if none)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    if user.is_superuser:
        return ADMIN
    names = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
    return next((role for role in reversed(ROLES) if role in names), CONTRIBUTOR)


def grant(user, role: str) -> None:
    """Make `role` the user's one role group (leaving their other groups alone)."""
    if role not in ROLE_PERMISSIONS:
        raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    from django.contrib.auth.models import Group

    groups = {group.name: group for group in Group.objects.filter(name__in=ROLES)}
    if len(groups) < len(ROLES):
        groups = ensure_roles()
    user.groups.remove(*(group for name, group in groups.items() if name != role))
    user.groups.add(groups[role])
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)  # so has_perm on this object sees the change
