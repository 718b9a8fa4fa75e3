"""Dashboard forms for accounts."""
from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation

from accounts.models import User


class SignupForm(forms.Form):
    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))
    organisation = forms.CharField(
        max_length=120, required=False, help_text="Your team or company; defaults to your e-mail's name.",
    )
    password = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError("An account with this e-mail already exists. Log in instead.")
        return email

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            try:
                password_validation.validate_password(password, User(email=cleaned.get("email", "")))
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class ApiKeyForm(forms.Form):
    name = forms.CharField(max_length=80, initial="API key", help_text="Where the key is used, e.g. “CI pipeline”.")
