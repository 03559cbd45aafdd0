"""motcua: the one-stop administrative procedure information system."""
