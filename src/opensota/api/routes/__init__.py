"""One router per part of the catalog; paths exactly as `paperswithcode-client` 0.3.1 calls them."""

from opensota.api.schemas import Error

# The error answers each kind of operation documents (all bodies are `Error`).
LIST = {404: Error, 422: Error}
DETAIL = {404: Error}
WRITE = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}
