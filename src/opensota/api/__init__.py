"""The REST API v1: Papers with Code's endpoints and fields, so its official client works unchanged.

`api.py` builds the NinjaAPI (errors, authentication), `routes/` holds one router per
part of the catalog, `schemas.py` the typed shapes, `serializers.py` turns records into
them in a bounded number of queries, `lookups.py` the records a path names (or a 404).
The list filters and the edits are the domain's: `catalog.queries`, `taxonomy.queries`,
`evaluations.queries`, `taxonomy.editing` and `evaluations.editing`.
"""
