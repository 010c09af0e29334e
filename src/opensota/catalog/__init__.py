"""Papers, authors, code repositories and the links between papers and code."""
