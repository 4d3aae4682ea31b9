"""Use cases of the through-the-gate plan: read, build, save, agree, issue and print."""
