"""Learning content: files in content/ are parsed and validated (loader), rendered
(markdown) and loaded into the database by stable slug (sync)."""
