import { createHash } from 'node:crypto';

/** Text for HTML content and quoted attribute values. */
export const escapeHtml = (text: string): string =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

/**
 * The stylesheet of the small pages a person meets around the reports (sign-in, a link that has
 * expired). It is fixed, so the pages' Content-Security-Policy allows exactly this text by its hash
 * instead of any inline style.
 */
const stylesheet = `
body { font: 16px/1.5 system-ui, sans-serif; color: #1d2327; background: #f4f5f2; margin: 0; }
main { max-width: 34rem; margin: 4rem auto; padding: 2rem 2.25rem; background: #fff; border: 1px solid #d5d8d0; border-radius: 6px; }
h1 { font-size: 1.4rem; margin: 0 0 1rem; }
label { display: block; font-weight: 600; margin: 1rem 0 .35rem; }
input[type=password] { box-sizing: border-box; width: 100%; padding: .55rem .6rem; font: 15px ui-monospace, monospace; border: 1px solid #8c9288; border-radius: 4px; }
input[type=text], input[type=email], input[type=tel], input[type=date], textarea { box-sizing: border-box; width: 100%; padding: .5rem .6rem; font: inherit; border: 1px solid #8c9288; border-radius: 4px; }
fieldset { margin: 1.25rem 0 0; padding: .25rem 1rem 1rem; border: 1px solid #d5d8d0; border-radius: 4px; }
legend { font-weight: 600; padding: 0 .3rem; }
label.choice { display: flex; gap: .5rem; align-items: baseline; font-weight: normal; margin: .3rem 0; }
.secret { font: 1.3rem ui-monospace, monospace; letter-spacing: .05em; padding: .4rem .6rem; background: #f4f5f2; border: 1px dashed #8c9288; display: inline-block; }
button { margin-top: 1.1rem; padding: .55rem 1.2rem; font: inherit; font-weight: 600; color: #fff; background: #2f5d50; border: 0; border-radius: 4px; cursor: pointer; }
button.secondary { color: #2f5d50; background: #fff; border: 1px solid #2f5d50; }
.notice { padding: .6rem .8rem; border-left: 4px solid #2f5d50; background: #eef3f0; }
.problem { padding: .6rem .8rem; border-left: 4px solid #a33a2b; background: #f8ecea; }
.hint { color: #575d55; font-size: .9rem; }
ul { padding-left: 1.2rem; }
a { color: #2f5d50; }
`;

/** The CSP source that allows `stylesheet`, and nothing else, as a style. */
export const pageStyleSource = `'sha256-${createHash('sha256').update(stylesheet).digest('base64')}'`;

/** A whole page around `body` (markup, already escaped), styled with `stylesheet`, in `language` (a BCP 47 tag). */
export const htmlPage = (title: string, body: string, language = 'en'): string => `<!doctype html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · stonetrace</title>
<style>${stylesheet}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
