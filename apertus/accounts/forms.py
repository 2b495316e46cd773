from django import forms


class SignupForm(forms.Form):
    """Extra sign-up fields (being written: profile and privacy consent)."""

    def signup(self, request, user):
        pass
