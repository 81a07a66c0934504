from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """Pages shown to a logged-in person hold personal data: no browser or proxy keeps them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            patch_cache_control(response, no_store=True, private=True)
        return response
