"""Admin viewsets (filled in with the local notices)."""
