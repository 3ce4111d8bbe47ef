"""Channel additions: checked REST, web chat page, Slack, Teams, and per-channel enablement."""
