"""Command-line helpers behind the make targets."""
