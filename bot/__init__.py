"""Sikkerhetsguiden: everything that is neither training data nor a Rasa action."""
