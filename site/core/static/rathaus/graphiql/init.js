// Starts GraphiQL on #graphiql. Configuration comes from data attributes
// (no inline script, so the page runs under `script-src 'self'`).
(function () {
  "use strict";
  var element = document.getElementById("graphiql");
  var headers = { Accept: "application/graphql-response+json, application/json" };
  if (element.dataset.csrfToken) {
    headers["X-CSRFToken"] = element.dataset.csrfToken;
  }
  var fetcher = GraphiQL.createFetcher({
    url: element.dataset.endpoint,
    headers: headers,
  });
  ReactDOM.createRoot(element).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolbarTabs: "variables",
      isHeadersEditorEnabled: false,
    })
  );
})();
