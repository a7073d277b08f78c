// Boots GraphiQL from the configuration the server embedded in the page (no inline script, so the
// page runs under a strict Content-Security-Policy).
const config = JSON.parse(document.getElementById('graphiql-config').textContent);
const fetcher = GraphiQL.createFetcher({ url: new URL(config.endpoint, window.location.href).href });
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultTabs: config.tabs,
    // GraphiQL fills the headers editor of the first tab, and of any tab without headers of its
    // own, from defaultHeaders, not from the tab.
    defaultHeaders: config.tabs[0]?.headers,
    // The schema's own description (units, shares, dates) heads the documentation explorer.
    schemaDescription: true,
    defaultEditorToolsVisibility: 'variables',
    isHeadersEditorEnabled: true,
  }),
);
