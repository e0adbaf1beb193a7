from django.contrib.auth.backends import ModelBackend

from gonghui.core.validators import normalise_phone

from .choices import UserKind
from .models import User


class PhoneBackend(ModelBackend):
    """Member portal sign-in: mobile number and password."""

    def authenticate(self, request, phone=None, password=None, **kwargs):
        if not phone or not password:
            return None
        try:
            user = User.objects.get(phone=normalise_phone(phone), kind=UserKind.MEMBER)
        except User.DoesNotExist:
            User().set_password(password)  # same work either way, so timing does not reveal accounts
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
