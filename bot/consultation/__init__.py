"""The guided consultation: understanding answers, proposing measures, the journal summary."""
