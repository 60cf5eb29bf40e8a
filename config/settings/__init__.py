"""Settings package: base (shared), local (development default), production, test."""
