"""Server-rendered pages: thin views over the domain queries."""
