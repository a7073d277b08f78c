// Boots GraphiQL from the configuration the server embedded in the page (no inline script, so the
// page runs under a strict Content-Security-Policy).
const config = JSON.parse(document.getElementById('graphiql-config').textContent);
const fetcher = GraphiQL.createFetcher({ url: new URL(config.endpoint, window.location.href).href });
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: config.defaultQuery,
    defaultHeaders: config.defaultHeaders,
    defaultEditorToolsVisibility: 'variables',
    isHeadersEditorEnabled: true,
  }),
);
