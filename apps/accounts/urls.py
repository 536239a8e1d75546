from django.urls import path

from apps.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("break-glass/", views.BreakGlassGrantListView.as_view(), name="break_glass_list"),
    path("break-glass/new/", views.break_glass_create, name="break_glass_create"),
    path("break-glass/<int:grant_id>/end/", views.break_glass_end, name="break_glass_end"),
]
