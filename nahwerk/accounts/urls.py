"""Login, logout, password reset and change, invitations."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from nahwerk.accounts import views
from nahwerk.ratelimits import limit_failed_logins

app_name = "accounts"

urlpatterns = [
    path(
        "anmelden/",
        limit_failed_logins(auth_views.LoginView.as_view(template_name="accounts/login.html")),
        name="login",
    ),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("einladen/", views.invite, name="invite"),
    path(
        "einladungen/<int:pk>/zurueckziehen/",
        views.withdraw_invitation,
        name="withdraw_invitation",
    ),
    path("einladung/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("passwort/vergessen/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "passwort/vergessen/gesendet/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "passwort/neu/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "passwort/neu/fertig/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "passwort/aendern/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change_form.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "passwort/aendern/fertig/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
]
