from .views import bijsturen, mijn, overleg, team, voortgang

app_name = "actieteam"

urlpatterns = (
    team.urlpatterns
    + mijn.urlpatterns
    + voortgang.urlpatterns
    + bijsturen.urlpatterns
    + overleg.urlpatterns
)
