"""Settings: ``dev`` is the embedded default, ``production`` reads the
environment, ``test`` is what pytest uses."""
