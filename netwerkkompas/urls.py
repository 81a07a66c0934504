from django.urls import path

from .views import balans, buurtkaart, cirkel, genogram, groslijst, kaarten, verhaal

app_name = "netwerkkompas"

urlpatterns = [
    # Groslijst: the long list every other tool draws from.
    path("", groslijst.personen, name="personen"),
    path("personen/<int:persoon_id>/", groslijst.persoon, name="persoon"),
    path("personen/<int:persoon_id>/rij/", groslijst.rij, name="rij"),
    path(
        "personen/<int:persoon_id>/verwijderen/", groslijst.verwijderen, name="persoon_verwijderen"
    ),
    # Netwerkcirkel
    path("cirkel/", cirkel.cirkel, name="cirkel"),
    path("cirkel/<int:persoon_id>/", cirkel.ring, name="cirkel_ring"),
    # Genogram
    path("genogram/", genogram.genogram, name="genogram"),
    path("genogram/relaties/nieuw/", genogram.relatie_nieuw, name="relatie_nieuw"),
    path(
        "genogram/relaties/<int:relatie_id>/verwijderen/",
        genogram.relatie_verwijderen,
        name="relatie_verwijderen",
    ),
    # Buurtkaart
    path("buurtkaart/", buurtkaart.buurtkaart, name="buurtkaart"),
    path("buurtkaart/plekken/nieuw/", buurtkaart.plek_nieuw, name="plek_nieuw"),
    path("buurtkaart/plekken/<int:plek_id>/", buurtkaart.plek, name="plek"),
    path(
        "buurtkaart/plekken/<int:plek_id>/verwijderen/",
        buurtkaart.plek_verwijderen,
        name="plek_verwijderen",
    ),
    # Talentenkaart, ondersteuningskaart, rondje positief
    path("talenten/", kaarten.talenten, name="talenten"),
    path(
        "talenten/<int:talent_id>/verwijderen/",
        kaarten.talent_verwijderen,
        name="talent_verwijderen",
    ),
    path("ondersteuning/", kaarten.ondersteuning, name="ondersteuning"),
    path("positief/", kaarten.rondje_positief, name="rondje_positief"),
    path(
        "positief/<int:compliment_id>/verwijderen/",
        kaarten.compliment_verwijderen,
        name="compliment_verwijderen",
    ),
    # Verhaal en perspectieven
    path("verhaal/", verhaal.verhaal, name="verhaal"),
    path("verhaal/schrijven/", verhaal.verhaal_schrijven, name="verhaal_schrijven"),
    path("verhaal/mijn-perspectief/", verhaal.perspectief_schrijven, name="perspectief_schrijven"),
    path("verhaal/wie-mag-lezen/", verhaal.zichtbaarheid, name="zichtbaarheid"),
    # Netwerkbalans en momentopnamen
    path("balans/", balans.balans, name="balans"),
    path("momenten/", balans.momentopnamen, name="momentopnamen"),
    path("momenten/vergelijken/", balans.vergelijken, name="momentopnamen_vergelijken"),
    path("momenten/<int:momentopname_id>/", balans.momentopname, name="momentopname"),
    path(
        "momenten/<int:momentopname_id>/verwijderen/",
        balans.momentopname_verwijderen,
        name="momentopname_verwijderen",
    ),
]
