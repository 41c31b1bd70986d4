"""An example Rathaus module, installed through the ``rathaus.modules`` entry
point (see pyproject.toml), never listed in Rathaus's INSTALLED_APPS."""
