"""GitHub as a source of repositories for the linker.

`shapes` turns the REST API's JSON (repository, README, contents, tree, contributors)
into `RepoRecord`s, `files` reads such JSON from disk for `opensota ingest-repos`, and
`client` fetches it live, politely: conditional requests, rate limits and retries.
"""
