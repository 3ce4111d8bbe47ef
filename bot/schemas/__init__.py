"""One schema layer for every data file the assistant reads (pydantic 1.10 models).

`base.py` holds what every schema shares: strict models, identifiers, and one
error type whose message names the file, the entry and the field. Each data
family has its own module here; loaders elsewhere parse with these models and
never read fields by hand. `make check-data` and every server's start-up load
them all (bot/schemas/registry.py), so a bad edit fails there, never in the
middle of a conversation.
"""
