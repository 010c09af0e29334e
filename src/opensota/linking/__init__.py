"""The paper-code linker: pure functions over plain records, and the stage that runs them.

`records` holds the plain data a repository is reduced to; `mentions`, `titles`,
`framework`, `official` and `kinds` each read one kind of evidence; `detect` weighs them
into links with reasons and confidences; `stage` runs that over the database.
"""
