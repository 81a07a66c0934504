"""The login pages that came with the second step and "overal uitloggen".

Names without a namespace, like `login` and `logout`: the middleware in core/middleware.py
lets a login that still has its second step to take reach only these and `logout`.
"""

from django.urls import path

from . import auth

urlpatterns = [
    path("inloggen/code/", auth.tweestaps_code, name="tweestaps_code"),
    path("account/tweestaps/", auth.tweestaps_instellen, name="tweestaps_instellen"),
    path("account/overal-uitloggen/", auth.overal_uitloggen, name="overal_uitloggen"),
]
