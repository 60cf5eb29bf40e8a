"""Every write about meetings goes through these services (STYLE rule 3)."""
