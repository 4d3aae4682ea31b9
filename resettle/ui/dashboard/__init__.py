"""The manager's dashboard: the measures, their charts and the people behind each figure."""
