"""Set-based writes that make imports fast and idempotent: upsert, and sync a relation.

Both compare with what is stored and write only the difference, so importing the
same dump twice leaves every row (ids included) exactly as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import models

# SQLite allows 32,766 host parameters; keep IN (...) lists well under any backend's limit.
CHUNK = 900


def chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def ids_by(model: type[models.Model], field: str, keys: Iterable) -> dict:
    """Map each stored value of `field` among `keys` to its row id."""
    keys = list({k for k in keys if k is not None})
    found: dict = {}
    for part in chunks(keys):
        found.update(model.objects.filter(**{f"{field}__in": part}).values_list(field, "id"))
    return found


def upsert(
    model: type[models.Model],
    key: str,
    rows: Mapping[object, dict],
    update: bool = True,
    written: set | None = None,
) -> dict:
    """Insert rows that are new, update stored rows whose fields differ; return key -> id.

    `rows` maps a unique key value to the field values the row should have; rows
    may give different fields, and a field a row leaves out is left as stored.
    With update=False, stored rows are left as they are (first writer wins).
    The keys of rows inserted or changed are added to `written` when it is given.
    """
    if not rows:
        return {}
    fields = sorted({name for values in rows.values() for name in values})
    stored: dict = {}
    for part in chunks(list(rows)):
        for item in model.objects.filter(**{f"{key}__in": part}).values("id", key, *fields):
            stored[item[key]] = item
    ids = {k: item["id"] for k, item in stored.items()}
    new = [model(**{key: k, **values}) for k, values in rows.items() if k not in stored]
    if new:
        model.objects.bulk_create(new, batch_size=500)
        if all(obj.pk is not None for obj in new):  # backends that return ids (SQLite, PostgreSQL)
            ids.update((getattr(obj, key), obj.pk) for obj in new)
        else:
            ids.update(ids_by(model, key, [getattr(obj, key) for obj in new]))
    changed: dict[tuple[str, ...], list[models.Model]] = {}
    if update:
        for k, values in rows.items():
            current = stored.get(k)
            if current and values and any(current[name] != value for name, value in values.items()):
                group = changed.setdefault(tuple(sorted(values)), [])
                group.append(model(id=current["id"], **{key: k, **values}))
        for group_fields, objects in changed.items():
            model.objects.bulk_update(objects, list(group_fields), batch_size=500)
    if written is not None:
        written.update(getattr(obj, key) for obj in new)
        written.update(getattr(obj, key) for group in changed.values() for obj in group)
    return ids


def sync_relation(
    through: type[models.Model],
    owner_field: str,
    desired: Mapping[int, set[tuple]],
    value_fields: tuple[str, ...],
) -> set[int]:
    """Make the rows of `through` for each owner exactly the `desired` value tuples.

    `desired[owner_id]` is a set of tuples over `value_fields` (for example
    (author_id, position)); rows not wanted are deleted, missing ones inserted.
    Returns the owners whose rows changed.
    """
    owners = list(desired)
    existing: dict[int, dict[tuple, int]] = {owner: {} for owner in owners}
    for part in chunks(owners):
        for row in through.objects.filter(**{f"{owner_field}__in": part}).values_list(
            "id", owner_field, *value_fields
        ):
            existing[row[1]][tuple(row[2:])] = row[0]
    stale: list[int] = []
    fresh: list[models.Model] = []
    changed: set[int] = set()
    for owner, wanted in desired.items():
        have = existing[owner]
        gone = [row_id for values, row_id in have.items() if values not in wanted]
        added = wanted - have.keys()
        if gone or added:
            changed.add(owner)
        stale.extend(gone)
        for values in added:
            fresh.append(through(**{owner_field: owner, **dict(zip(value_fields, values))}))
    for part in chunks(stale):
        through.objects.filter(id__in=part).delete()
    if fresh:
        through.objects.bulk_create(fresh, batch_size=500)
    return changed
