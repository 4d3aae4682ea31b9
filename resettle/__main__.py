from resettle.cli import entry_point

entry_point()
