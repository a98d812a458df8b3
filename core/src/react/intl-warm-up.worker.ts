// Runs in a worker (see warmUpDateFormats): makes the date and number formats of the page's
// languages and time zone, says so, and ends. The browser loads its locale data once per process,
// so the page's own thread later makes the same formats in a fraction of a millisecond instead of
// the tens of milliseconds (on a phone, more) that the first one otherwise costs it.
self.onmessage = (event: MessageEvent<{ locales: string[]; timeZone?: string }>) => {
  const { locales, timeZone } = event.data;
  const now = new Date();
  for (const locale of locales)
    try {
      new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(
        now,
      );
      new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long' }).format(now);
      new Intl.DateTimeFormat(locale, { hour: 'numeric', hourCycle: 'h23', timeZone }).format(now);
      new Intl.NumberFormat(locale).format(1.5);
    } catch {
      // An unknown locale or time zone: the page makes do without the head start.
    }
  self.postMessage('done');
  self.close();
};
