from django.contrib.auth import views as auth_views
from django.urls import path

from opensota.accounts import views

urlpatterns = [
    path("", views.account, name="account"),
    path("tokens/", views.create_token, name="account-create-token"),
    path("tokens/<int:token_id>/revoke", views.revoke_token, name="account-revoke-token"),
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
]
