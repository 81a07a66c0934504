from .views import export, logboek, toegang, wissen

app_name = "privacy"

urlpatterns = logboek.urlpatterns + toegang.urlpatterns + export.urlpatterns + wissen.urlpatterns
