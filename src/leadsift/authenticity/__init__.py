"""Authenticity: telling real people from bots, bought followers, scanners and spam."""
