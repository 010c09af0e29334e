"""The sign-up form: Django's, plus an optional email and refusals of hostile names.

Django already limits usernames to letters, digits and @.+-_ (so no markup and no
control or bidi characters), normalises them (NFKC), refuses case-only duplicates and
strings over 150 characters. Added here: a username needs a letter or digit (".." would
make a confusing profile URL), and the email may not hide control characters or markup.
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm


def _has_hidden_characters(value: str) -> bool:
    # Categories C*: control (\x00), format (\u202e, \u200b), unassigned, private use, surrogates.
    return any(unicodedata.category(char).startswith("C") for char in value)


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        required=False, max_length=254,
        help_text="Optional: only used to send you a password reset link. Never shown to others.",
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_username(self):
        username = super().clean_username()
        if username and not any(char.isalnum() for char in username):
            raise forms.ValidationError("A user name needs at least one letter or digit.")
        return username

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip()
        if _has_hidden_characters(email) or any(char in email for char in '<>"\\ '):
            raise forms.ValidationError("Enter a plain email address, such as name@example.org.")
        return email
