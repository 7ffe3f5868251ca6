"""Reports: the figures (computed in the database) and their renderings."""
