"""Pages: three-party meetings of a case (r13)."""

urlpatterns: list = []
