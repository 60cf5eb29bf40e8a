"""Deviation reports (R25) arrive with the deviations issue; the app is registered now."""
