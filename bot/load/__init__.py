"""The load test's conversations, clients and reply checks (`make loadtest`).

These modules run in .venv/load, Locust's own environment, so they import only
the standard library, PyYAML, requests and python-socketio's client — never
Rasa or the rest of `bot`. The driver (bot/cli/loadtest.py, in .venv) uses
`verdict` and `script` too.
"""
