"""Several replicas: the shared lock store, the Slack event ledger, the cluster launcher."""
