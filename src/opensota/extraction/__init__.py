"""Results from the papers' own tables: read, understand, link names, propose.

`document`, `results` and `vocabulary` are the plain data the rules work on; readers
(`latex`, `grobid`) turn a source into a `Document`; `extractor` reads results out of it;
`stage` runs that over the catalog and stores what was read (`models`) and what is
proposed (community proposals, source "extractor").
"""
