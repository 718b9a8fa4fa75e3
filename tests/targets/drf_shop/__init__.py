"""Shop: a Django REST Framework API with OAuth2-style opaque tokens, integer ids and DRF's error format."""
from __future__ import annotations

from tests.targets.planted import Planted

FLAWS = frozenset({
    "bola_order_read", "bola_address_write", "bola_address_delete", "bfla_admin_users", "method_order_patch",
    "auth_bypass_sales_report", "enumeration_login", "no_lockout", "mass_order_status", "mass_me_role",
    "exposure_password_hash", "undocumented_product_cost",
    "sqli_product_search", "sqli_order_status", "sqli_events", "nosql_coupons", "cmd_label_print", "ssrf_avatar",
    "unbounded_page_size", "no_body_limit",
})

PLANTED = (
    Planted("bola_order_read", "bola", "GET", "/orders/{id}/", "id"),
    Planted("bola_address_write", "bola", "PATCH", "/addresses/{id}/", "id"),
    Planted("bola_address_delete", "bola", "DELETE", "/addresses/{id}/", "id"),
    Planted("bfla_admin_users", "bfla", "GET", "/admin/users/", ""),
    Planted("method_order_patch", "method_switching", "PATCH", "/orders/{id}/", ""),
    Planted("auth_bypass_sales_report", "auth_bypass", "GET", "/reports/sales/", ""),
    Planted("enumeration_login", "user_enumeration", "POST", "/oauth/token/", "username"),
    Planted("no_lockout", "no_lockout", "POST", "/oauth/token/", "password"),
    Planted("mass_order_status", "mass_assignment", "POST", "/orders/", "status"),
    Planted("mass_me_role", "mass_assignment", "PATCH", "/users/me/", "role"),
    Planted("exposure_password_hash", "data_exposure", "GET", "/users/me/", "password_hash"),
    Planted("undocumented_product_cost", "undocumented_fields", "GET", "/products/{id}/", "internal_cost"),
    Planted("sqli_product_search", "sql_injection", "GET", "/products/", "search"),
    Planted("sqli_order_status", "sql_injection", "GET", "/orders/", "status"),
    Planted("sqli_events", "sql_injection", "POST", "/events/", "name"),
    Planted("nosql_coupons", "nosql_injection", "POST", "/coupons/check/", "code"),
    Planted("cmd_label_print", "command_injection", "POST", "/labels/print/", "caption"),
    Planted("ssrf_avatar", "ssrf", "POST", "/users/me/avatar/", "avatar_url"),
    Planted("unbounded_page_size", "unbounded_page_size", "GET", "/products/", "page_size"),
    Planted("no_body_limit", "request_size_limit", "POST", "/orders/", ""),
)
