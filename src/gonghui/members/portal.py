"""What every page of the member portal needs, whichever area it belongs to: the signed-in member."""

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse

from .selectors import member_for_account


class MemberRequiredMixin:
    """Signed in with a member's portal account (``self.member``). Officials are sent to their own pages."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        if not user.is_member_account:
            return redirect("core:home")
        self.member = member_for_account(user)
        if self.member is None:
            return render(request, "members/no_member.html", status=404)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["member"] = self.member
        return ctx
