"""Practice mode: scripted training conversations with feedback and a score."""
