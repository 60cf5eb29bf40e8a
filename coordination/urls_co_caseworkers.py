"""Pages: co-caseworkers of a case."""

urlpatterns: list = []
