"""Pages: joint work plans of a case (r7)."""

urlpatterns: list = []
