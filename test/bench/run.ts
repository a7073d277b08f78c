/** `npm run bench`: see bench.ts. */
// The API is measured as the Dockerfile runs it. Without NODE_ENV=production graphql-js checks every
// type test of every field it resolves against a second copy of itself: a quarter of its execution time.
process.env.NODE_ENV ??= 'production';
const { runBench } = await import('./bench.js');
process.exit(await runBench());

export {};
