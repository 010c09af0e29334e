"""Community contributions: proposals (from people, the linker, the extractor), their
moderation, the history of every applied change with revert, and reproduction reports."""
