from .views import live, pdf, uitnodigen, voorbereiding

app_name = "beraad"

urlpatterns = (
    voorbereiding.urlpatterns + uitnodigen.urlpatterns + live.urlpatterns + pdf.urlpatterns
)
