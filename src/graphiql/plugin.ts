import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { pagePolicy } from '../edge/browserPolicy.js';
import { fromRoot } from '../paths.js';

/**
 * GraphiQL served entirely from this server: Mercurius's own page loads React and GraphiQL from a
 * CDN, which locked-down government networks (and our test machines) cannot reach.
 */

const here = new URL('.', import.meta.url);

const assets: Record<string, { file: string; type: string }> = {
  'react.production.min.js': {
    file: fromRoot('node_modules/react/umd/react.production.min.js'),
    type: 'text/javascript',
  },
  'react-dom.production.min.js': {
    file: fromRoot('node_modules/react-dom/umd/react-dom.production.min.js'),
    type: 'text/javascript',
  },
  'graphiql.min.js': { file: fromRoot('node_modules/graphiql/graphiql.min.js'), type: 'text/javascript' },
  'graphiql.min.css': { file: fromRoot('node_modules/graphiql/graphiql.min.css'), type: 'text/css' },
  'start.js': { file: new URL('start.js', here).pathname, type: 'text/javascript' },
};

const pageOptions = pagePolicy({
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // GraphiQL sets inline styles on its panes.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
});

/** A tab GraphiQL opens with (its `defaultTabs`): a document, and JSON for the variables and headers editors. */
export interface GraphiqlTab {
  query: string;
  variables?: string;
  /** e.g. an Authorization header; each tab has its own, so a tab without them starts with none. */
  headers?: string;
}

export interface GraphiqlOptions {
  endpoint: string;
  tabs: GraphiqlTab[];
}

export const graphiqlPlugin: FastifyPluginAsync<GraphiqlOptions> = async (app, options) => {
  const loaded = Object.entries(assets).map(([name, { file, type }]) => {
    const body = readFileSync(file);
    return { name, type, body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
  });
  const config = JSON.stringify({ endpoint: options.endpoint, tabs: options.tabs })
    // Keeps "</script>" in a query from closing the config element.
    .replaceAll('<', '\\u003c');
  const page = readFileSync(new URL('page.html', here), 'utf8').replace('__CONFIG__', config);

  app.get('/graphiql', pageOptions, async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));

  for (const asset of loaded) {
    app.get(`/graphiql/assets/${asset.name}`, async (request, reply) => {
      reply.header('etag', asset.etag).header('cache-control', 'public, max-age=3600');
      if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
      return reply.type(asset.type).send(asset.body);
    });
  }
};
