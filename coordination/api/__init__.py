"""The REST API (Django REST framework): same scope rule and access log as the pages."""
