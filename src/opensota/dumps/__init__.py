"""Papers-with-Code JSON dumps: streaming import and export of the five public files."""
