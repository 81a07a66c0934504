from .views import live, uitnodigen, voorbereiding

app_name = "beraad"

urlpatterns = voorbereiding.urlpatterns + uitnodigen.urlpatterns + live.urlpatterns
