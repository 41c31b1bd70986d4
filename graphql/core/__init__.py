"""The core of the schema: municipalities, and (mixed in from
``rathaus.graphql.content``) pages, search, news, events, locations, images and
preview."""
