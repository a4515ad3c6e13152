# Django's Spanish formats, but the lists' short date keeps its month in words (28 nov 2026),
# as the English one does, instead of 28/11/2026.
SHORT_DATE_FORMAT = "j M Y"
