from __future__ import annotations

from django.urls import path

from tests.targets.drf_shop import views, views_tools

urlpatterns = [
    path("api/openapi.json", views.SpecView.as_view()),
    path("api/oauth/token/", views.TokenView.as_view()),
    path("api/users/", views.SignUpView.as_view()),
    path("api/users/me/", views.MeView.as_view()),
    path("api/products/", views.ProductListView.as_view()),
    path("api/products/<int:pk>/", views.ProductView.as_view()),
    path("api/orders/", views.OrderListView.as_view()),
    path("api/orders/<int:pk>/", views.OrderView.as_view()),
    path("api/addresses/", views.AddressListView.as_view()),
    path("api/addresses/<int:pk>/", views.AddressView.as_view()),
    path("api/reviews/", views.ReviewListView.as_view()),
    path("api/reviews/<int:pk>/", views.ReviewView.as_view()),
    path("api/admin/users/", views.AdminUsersView.as_view()),
    path("api/reports/sales/", views.SalesReportView.as_view()),
    path("api/events/", views_tools.EventView.as_view()),
    path("api/coupons/check/", views_tools.CouponCheckView.as_view()),
    path("api/labels/print/", views_tools.LabelPrintView.as_view()),
    path("api/users/me/avatar/", views_tools.AvatarView.as_view()),
]
