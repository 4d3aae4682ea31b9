from resettle.cli import entry_point

if __name__ == "__main__":  # worker processes (batch printing) import this module too
    entry_point()
