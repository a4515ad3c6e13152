# Django's Spanish formats, but the lists' short date keeps its month in words, as the English
# one does: 28 nov 2026 ("b", the month's abbreviation in lower case), not 28/11/2026.
SHORT_DATE_FORMAT = "j b Y"
