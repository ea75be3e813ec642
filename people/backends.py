"""Authentication backend that loads a user's servant and partner links with the user itself, so the role
lookup on every request (people.permissions.Actor) costs no extra query."""

from django.contrib.auth.backends import ModelBackend

from people.models import User


class UserWithProfilesBackend(ModelBackend):
    def get_user(self, user_id):
        user = User.objects.select_related("servant", "partner_profile").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
