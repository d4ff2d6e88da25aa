"""Reading data/: YAML and CSV files validated against their schemas, one loader per kind of file."""
