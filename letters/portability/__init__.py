"""Taking letters away and bringing them back: the export format, export and import."""
