"""The shop's endpoints; `settings.NAT_FLAWS` decides which ones are vulnerable."""
from __future__ import annotations

import base64
import secrets
import time
from decimal import Decimal

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.http import Http404
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tests.targets.drf_shop.auth import AllowAny, IsAdmin, IsAuthenticated
from tests.targets.drf_shop.models import (
    Address,
    Client,
    Order,
    Product,
    Review,
    Token,
    User,
    check_password,
    make_password,
)
from tests.targets.drf_shop.spec import openapi_document

LOCK_AFTER = 5
LOCK_SECONDS = 60
ORDER_STATUSES = ("pending", "paid", "shipped", "cancelled")
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 50


def flaw(name: str) -> bool:
    return name in settings.NAT_FLAWS


def user_view(user: User) -> dict:
    data = {"id": user.id, "username": user.username, "email": user.email, "role": user.role,
            "date_joined": user.date_joined.isoformat()}
    if flaw("exposure_password_hash"):
        data["password_hash"] = user.password
    return data


def product_view(product: Product, *, detail: bool = False) -> dict:
    data = {"id": product.id, "name": product.name, "price": str(product.price)}
    if detail and flaw("undocumented_product_cost"):
        data["internal_cost"] = str(product.internal_cost)
    return data


def order_view(order: Order) -> dict:
    return {"id": order.id, "product_id": order.product_id, "quantity": order.quantity, "note": order.note,
            "status": order.status, "total": str(order.total), "owner": order.owner.username,
            "created": order.created.isoformat()}


def address_view(address: Address) -> dict:
    return {"id": address.id, "label": address.label, "street": address.street, "city": address.city}


class SpecView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    def get(self, request: Request) -> Response:
        return Response(openapi_document())


class TokenView(APIView):
    """OAuth2 token endpoint: password and client-credentials grants, errors in RFC 6749's shape."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    parser_classes = [JSONParser, FormParser]

    def post(self, request: Request) -> Response:
        grant = request.data.get("grant_type")
        if grant == "password":
            return self._password(request)
        if grant == "client_credentials":
            return self._client(request)
        return self._error("unsupported_grant_type", "grant_type must be password or client_credentials")

    def _error(self, code: str, description: str, http_status: int = 400) -> Response:
        return Response({"error": code, "error_description": description}, status=http_status)

    def _issue(self, user: User, scope: str) -> Response:
        token = Token.objects.create(key=secrets.token_hex(20), user=user, scope=scope,
                                     expires=time.time() + settings.NAT_SESSION_TTL)
        return Response({"access_token": token.key, "token_type": "Bearer", "expires_in": int(settings.NAT_SESSION_TTL),
                         "scope": scope})

    def _password(self, request: Request) -> Response:
        username, password = str(request.data.get("username", "")), str(request.data.get("password", ""))
        with transaction.atomic():
            user = User.objects.filter(username=username).first()
            if user is None:
                message = "Unknown username" if flaw("enumeration_login") else "Invalid username or password"
                return self._error("invalid_grant", message)
            if not flaw("no_lockout") and user.locked_until > time.time():
                return self._error("invalid_grant", "Account locked: too many failed attempts")
            if not check_password(password, user.password):
                user.failed_logins += 1
                if not flaw("no_lockout") and user.failed_logins >= LOCK_AFTER:
                    user.locked_until = time.time() + LOCK_SECONDS
                user.save(update_fields=["failed_logins", "locked_until"])
                message = "Invalid password" if flaw("enumeration_login") else "Invalid username or password"
                return self._error("invalid_grant", message)
            user.failed_logins = 0
            user.save(update_fields=["failed_logins"])
        scope = "read write admin" if user.role == "admin" else "read write"
        return self._issue(user, scope)

    def _client(self, request: Request) -> Response:
        client_id, secret = request.data.get("client_id"), request.data.get("client_secret")
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not client_id and header.lower().startswith("basic "):
            try:
                client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
            except ValueError:
                return self._error("invalid_client", "Malformed client credentials", 401)
        client = Client.objects.select_related("user").filter(client_id=client_id).first()
        if client is None or not secrets.compare_digest(str(secret or ""), client.secret):
            return self._error("invalid_client", "Unknown client or bad secret", 401)
        return self._issue(client.user, client.scope)


class SignUpSerializer(serializers.Serializer):
    username = serializers.RegexField(r"^[A-Za-z0-9_.-]{3,80}$")
    email = serializers.EmailField()
    password = serializers.CharField(min_length=8)


class SignUpView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    def post(self, request: Request) -> Response:
        data = SignUpSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if User.objects.filter(username=data.validated_data["username"]).exists():
            raise serializers.ValidationError({"username": ["A user with that username already exists."]})
        user = User.objects.create(username=data.validated_data["username"], email=data.validated_data["email"],
                                   password=make_password(data.validated_data["password"]))
        return Response({"id": user.id, "username": user.username, "email": user.email, "role": user.role},
                        status=status.HTTP_201_CREATED)


class MeView(APIView):
    def get(self, request: Request) -> Response:
        return Response(user_view(request.user))

    def patch(self, request: Request) -> Response:
        user = request.user
        email = request.data.get("email")
        if email is not None:
            serializers.EmailField().run_validation(email)
            user.email = email
        if flaw("mass_me_role") and request.data.get("role") in ("customer", "admin"):
            user.role = request.data["role"]
        user.save()
        return Response(user_view(user))


class ProductListView(APIView):
    def get_permissions(self) -> list[BasePermission]:
        return [AllowAny()] if self.request.method == "GET" else [IsAdmin()]

    def get(self, request: Request) -> Response:
        page_size = int(request.query_params.get("page_size", DEFAULT_PAGE_SIZE))
        if not flaw("unbounded_page_size"):
            page_size = min(page_size, MAX_PAGE_SIZE)
        search = request.query_params.get("search", "")
        if flaw("sqli_product_search") and search:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT id FROM drf_shop_product WHERE name LIKE '%{search}%' ORDER BY id")
                ids = [row[0] for row in cursor.fetchall()][:page_size]
            products = Product.objects.filter(id__in=ids).order_by("id")
        else:
            products = Product.objects.filter(name__icontains=search).order_by("id")[:page_size]
        return Response([product_view(product) for product in products])

    def post(self, request: Request) -> Response:
        product = Product.objects.create(name=str(request.data.get("name", "product")),
                                         price=Decimal(str(request.data.get("price", "1"))), internal_cost=0)
        return Response(product_view(product), status=status.HTTP_201_CREATED)


class ProductView(APIView):
    permission_classes = [AllowAny]

    def get(self, request: Request, pk: int) -> Response:
        product = Product.objects.filter(pk=pk).first()
        if product is None:
            raise Http404
        return Response(product_view(product, detail=True))


class OrderInput(serializers.Serializer):
    product_id = serializers.IntegerField()
    quantity = serializers.IntegerField(min_value=1, max_value=100, default=1)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class OrderListView(APIView):
    def get(self, request: Request) -> Response:
        orders = Order.objects.filter(owner=request.user).order_by("id")
        wanted = request.query_params.get("status")
        if wanted is not None and flaw("sqli_order_status"):
            try:
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT id FROM drf_shop_order WHERE owner_id = {request.user.id} "
                                   f"AND status = '{wanted}' ORDER BY id")
                    orders = orders.filter(id__in=[row[0] for row in cursor.fetchall()])
            except DatabaseError as exc:
                return Response({"detail": f"Invalid filter: {exc}"}, status=status.HTTP_400_BAD_REQUEST)
        elif wanted is not None:
            if wanted not in ORDER_STATUSES:
                return Response({"detail": "Unknown status."}, status=status.HTTP_400_BAD_REQUEST)
            orders = orders.filter(status=wanted)
        return Response([order_view(order) for order in orders])

    def post(self, request: Request) -> Response:
        data = OrderInput(data=request.data)
        data.is_valid(raise_exception=True)
        product = Product.objects.filter(pk=data.validated_data["product_id"]).first()
        if product is None:
            raise serializers.ValidationError({"product_id": ["Unknown product."]})
        order_status = "pending"
        if flaw("mass_order_status") and request.data.get("status") in ORDER_STATUSES:
            order_status = request.data["status"]
        order = Order.objects.create(owner=request.user, product=product, quantity=data.validated_data["quantity"],
                                     note=data.validated_data["note"], status=order_status,
                                     total=product.price * data.validated_data["quantity"])
        return Response(order_view(order), status=status.HTTP_201_CREATED)


class OrderView(APIView):
    def get_permissions(self) -> list[BasePermission]:
        return [IsAdmin()] if self.request.method == "DELETE" else [IsAuthenticated()]

    def _order(self, request: Request, pk: int) -> Order:
        orders = Order.objects.select_related("owner")
        if not flaw("bola_order_read"):
            orders = orders.filter(owner=request.user)
        order = orders.filter(pk=pk).first()
        if order is None:
            raise Http404
        return order

    def get(self, request: Request, pk: int) -> Response:
        return Response(order_view(self._order(request, pk)))

    def patch(self, request: Request, pk: int) -> Response:
        if not flaw("method_order_patch"):
            return Response({"detail": 'Method "PATCH" not allowed.'}, status=status.HTTP_405_METHOD_NOT_ALLOWED)
        order = self._order(request, pk)
        if "note" in request.data:
            order.note = str(request.data["note"])[:200]
        if "quantity" in request.data:
            order.quantity = int(request.data["quantity"])
        order.save()
        return Response(order_view(order))

    def delete(self, request: Request, pk: int) -> Response:
        Order.objects.filter(pk=pk).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class AddressInput(serializers.Serializer):
    label = serializers.CharField(max_length=80)
    street = serializers.CharField(max_length=200)
    city = serializers.CharField(max_length=120)


class AddressListView(APIView):
    def get(self, request: Request) -> Response:
        return Response([address_view(a) for a in Address.objects.filter(owner=request.user).order_by("id")])

    def post(self, request: Request) -> Response:
        data = AddressInput(data=request.data)
        data.is_valid(raise_exception=True)
        address = Address.objects.create(owner=request.user, **data.validated_data)
        return Response(address_view(address), status=status.HTTP_201_CREATED)


class AddressView(APIView):
    def _address(self, request: Request, pk: int, *, vulnerable: bool) -> Address:
        addresses = Address.objects.all() if vulnerable else Address.objects.filter(owner=request.user)
        address = addresses.filter(pk=pk).first()
        if address is None:
            raise Http404
        return address

    def get(self, request: Request, pk: int) -> Response:
        return Response(address_view(self._address(request, pk, vulnerable=False)))

    def patch(self, request: Request, pk: int) -> Response:
        address = self._address(request, pk, vulnerable=flaw("bola_address_write"))
        data = AddressInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        for key, value in data.validated_data.items():
            setattr(address, key, value)
        address.save()
        return Response(address_view(address))

    def delete(self, request: Request, pk: int) -> Response:
        self._address(request, pk, vulnerable=flaw("bola_address_delete")).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


def review_view(review: Review) -> dict:
    return {"id": review.id, "product_id": review.product_id, "rating": review.rating, "text": review.text,
            "author": review.owner.username}


class ReviewInput(serializers.Serializer):
    product_id = serializers.IntegerField()
    rating = serializers.IntegerField(min_value=1, max_value=5)
    text = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ReviewListView(APIView):
    """The caller's own reviews; each review is public through its share link (the detail view)."""

    def get(self, request: Request) -> Response:
        return Response([review_view(r) for r in Review.objects.filter(owner=request.user).order_by("id")])

    def post(self, request: Request) -> Response:
        data = ReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        product = Product.objects.filter(pk=data.validated_data["product_id"]).first()
        if product is None:
            raise serializers.ValidationError({"product_id": ["Unknown product."]})
        review = Review.objects.create(owner=request.user, product=product, rating=data.validated_data["rating"],
                                       text=data.validated_data["text"])
        return Response(review_view(review), status=status.HTTP_201_CREATED)


class ReviewView(APIView):
    permission_classes = [AllowAny]

    def get(self, request: Request, pk: int) -> Response:
        review = Review.objects.select_related("owner").filter(pk=pk).first()
        if review is None:
            raise Http404
        return Response(review_view(review))


class AdminUsersView(APIView):
    def get_permissions(self) -> list[BasePermission]:
        return [IsAuthenticated()] if flaw("bfla_admin_users") else [IsAdmin()]

    def get(self, request: Request) -> Response:
        return Response([{"id": u.id, "username": u.username, "email": u.email, "role": u.role}
                         for u in User.objects.order_by("id")])


class SalesReportView(APIView):
    def get_permissions(self) -> list[BasePermission]:
        return [AllowAny()] if flaw("auth_bypass_sales_report") else [IsAuthenticated()]

    def get(self, request: Request) -> Response:
        orders = list(Order.objects.select_related("product"))
        revenue = sum((order.total for order in orders), Decimal(0))
        return Response({"period": "current", "orders": len(orders), "revenue": str(revenue),
                         "top_products": sorted({order.product.name for order in orders})})
