"""Extractions as tables: pandas frames, JSON, saved articles and corrections, datasets and ACLED imports."""
