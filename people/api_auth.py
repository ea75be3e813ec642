"""POST /api/v1/auth/token/: username + password -> DRF token, rate-limited like the login page."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from lms.errors import ApplicationError
from people.auth import authenticate_throttled
from people.serializers import TokenRequestSerializer, TokenResponseSerializer


class ObtainTokenView(generics.GenericAPIView):
    serializer_class = TokenRequestSerializer
    authentication_classes: list = []  # credentials come in the body; no session, so no CSRF
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenResponseSerializer,
                   400: OpenApiResponse(description=_("Wrong username or password (the same answer for both).")),
                   429: OpenApiResponse(description=_("Too many failed attempts (code login_rate_limited)."))},
        summary="Obtain an API token",
    )
    def post(self, request):
        credentials = self.get_serializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        user = authenticate_throttled(request, **credentials.validated_data)
        if user is None:  # one message whether the username exists, the password is wrong or the account is off
            raise ApplicationError("invalid_credentials", _("Unable to sign in with these credentials."))
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


urlpatterns = [path("token/", ObtainTokenView.as_view(), name="api-token")]
