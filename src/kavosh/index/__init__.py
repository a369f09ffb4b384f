"""The on-disk index: schema, open/create, writer."""
