/** Today's date in UTC, YYYY-MM-DD: what "valid", "expiring" and "overdue" are judged against. */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);
