"""Pages: sip and care planning of a case (r14)."""

urlpatterns: list = []
