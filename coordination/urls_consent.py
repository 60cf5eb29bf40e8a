"""Pages: consents of an individual (r12)."""

urlpatterns: list = []
