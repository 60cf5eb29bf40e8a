"""How API clients sign in: a token (manage.py drf_create_token USER), or the browser's session."""

from django.db import connections, router
from django.utils.translation import gettext as _
from rest_framework import authentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from units.models import User


class TokenByOneQuery(authentication.TokenAuthentication):
    """DRF's token authentication with the same answers, the token and its user read by one
    plain query instead of an ORM query built for every request (docs/performance.md).
    The user comes with every field, converted as the ORM converts them."""

    _FIELDS = [
        Token._meta.get_field("created"),
        *(f for f in User._meta.concrete_fields),
    ]
    _SQL = "SELECT t.{}, {} FROM {} t JOIN {} u ON u.{} = t.{} WHERE t.{} = %s".format(  # noqa: S608 - model names only
        Token._meta.get_field("created").column,
        ", ".join(f"u.{f.column}" for f in User._meta.concrete_fields),
        Token._meta.db_table,
        User._meta.db_table,
        User._meta.pk.column,
        Token._meta.get_field("user").column,
        Token._meta.get_field("key").column,
    )
    _USER_FIELDS = tuple(f.attname for f in User._meta.concrete_fields)

    def authenticate_credentials(self, key: str):
        alias = router.db_for_read(Token)
        db = connections[alias]
        with db.cursor() as cursor:
            cursor.execute(self._SQL, [key])
            row = cursor.fetchone()
        if row is None:
            raise AuthenticationFailed(_("Invalid token."))
        row = list(row)
        for index, column, converters in self._converters(db):
            for converter in converters:
                row[index] = converter(row[index], column, db)
        user = User.from_db(alias, self._USER_FIELDS, row[1:])
        if not user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        token = Token.from_db(alias, ("key", "user_id", "created"), (key, user.pk, row[0]))
        token.user = user
        return user, token

    _converters_by_vendor: dict = {}

    @classmethod
    def _converters(cls, db) -> list:
        """The ORM's value converters for each column (on SQLite, datetimes made aware)."""
        if db.vendor not in cls._converters_by_vendor:
            found = []
            for index, field in enumerate(cls._FIELDS):
                column = field.get_col(field.model._meta.db_table)
                converters = db.ops.get_db_converters(column) + field.get_db_converters(db)
                if converters:
                    found.append((index, column, converters))
            cls._converters_by_vendor[db.vendor] = found
        return cls._converters_by_vendor[db.vendor]
