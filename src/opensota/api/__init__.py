"""The REST API v1: Papers with Code's endpoints and fields, so its official client works unchanged.

`api.py` builds the NinjaAPI (errors, authentication), `routes/` holds one router per
part of the catalog, `schemas.py` the typed shapes, `serializers.py` turns records into
them in a bounded number of queries, `queries.py` the list filters and `writes.py` the
changes that writes make.
"""
