"""Channel additions: the web chat page and the per-channel enablement."""
