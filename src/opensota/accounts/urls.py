"""Mounted at /account/: the account page, sign-up/in/out, password reset, profiles."""

from django.contrib.auth import views as auth_views
from django.urls import path

from opensota.accounts import views

urlpatterns = [
    path("", views.account, name="account"),
    path("tokens/", views.create_token, name="account-create-token"),
    path("tokens/<int:token_id>/revoke", views.revoke_token, name="account-revoke-token"),
    path("signup/", views.signup, name="signup"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/done/", auth_views.PasswordResetDoneView.as_view(
        template_name="registration/reset_done.html"), name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="registration/reset_confirm.html"), name="password_reset_confirm"),
    path("password-reset/complete/", auth_views.PasswordResetCompleteView.as_view(
        template_name="registration/reset_complete.html"), name="password_reset_complete"),
    path("users/<str:username>/", views.profile, name="profile"),
]
