/** `npm run bench`: see bench.ts. */
const { runBench } = await import('./bench.js');
process.exit(await runBench());

export {};
