import { z } from 'zod';
import { NotificationType } from '../shared/contract.generated.js';
import { afterTimestampCursor, pageArgs } from '../shared/pagination.js';
import { recordId } from '../shared/validation.js';

export const maxUrlLength = 2000;

/**
 * A webhook's URL: https (http too when private addresses are allowed, for development), without a
 * user name or password. Where its host resolves is checked by the command (addresses.ts).
 */
const webhookUrl = (allowPrivate: boolean) =>
  z
    .string()
    .trim()
    .max(maxUrlLength, `must be at most ${maxUrlLength} characters`)
    .refine((url) => URL.canParse(url), { message: 'must be an absolute URL', params: { rule: 'url' } })
    .refine((url) => !URL.canParse(url) || (allowPrivate ? /^https?:$/ : /^https:$/).test(new URL(url).protocol), {
      message: allowPrivate ? 'must be an https:// or http:// URL' : 'must be an https:// URL',
      params: { rule: 'webhook_https' },
    })
    .refine((url) => !URL.canParse(url) || (new URL(url).username === '' && new URL(url).password === ''), {
      message: 'must not hold a user name or password (put a token in the path or query instead)',
      params: { rule: 'webhook_no_credentials' },
    });

export const registerWebhookArgs = (allowPrivate: boolean) =>
  z.object({
    url: webhookUrl(allowPrivate),
    events: z
      .array(z.enum(NotificationType))
      .min(1, 'must name at least one event type')
      .refine((events) => new Set(events).size === events.length, {
        message: 'must name each event type once',
        params: { rule: 'events_distinct' },
      }),
  });

export const removeWebhookArgs = z.object({ id: recordId });

/** The feed's cursors hold a notification's seq. */
export const notificationsArgs = z.object({
  first: pageArgs.first,
  after: pageArgs.after.refine((cursor) => cursor === null || /^\d{1,15}$/.test(cursor[0]), {
    message: 'is not a cursor of this list',
  }),
});

/** The webhooks' and the delivery log's cursors hold a creation time. */
export const timestampPageArgs = z.object({ first: pageArgs.first, after: afterTimestampCursor });
