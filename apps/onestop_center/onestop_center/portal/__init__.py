"""The citizens' portal: accounts, online filing, their dossiers (see portal/access.py)."""
