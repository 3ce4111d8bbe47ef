"""Personal data: found and replaced before a message is stored, logged or shown back."""
