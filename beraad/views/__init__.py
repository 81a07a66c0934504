"""Views of the FamilieNetwerkBeraad, one module per part: voorbereiding (the person's
preparation), uitnodigen (who comes, personal links, answers) and live (the beraad
itself and its plan). Each module lists its own URL patterns; beraad/urls.py joins them."""
