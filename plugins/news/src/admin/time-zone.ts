/**
 * Date-time inputs in the editor's own time zone (their profile's), whatever the computer's
 * clock says: "2026-04-01T08:00" in Europe/Stockholm is 06:00 UTC in summer, 07:00 in winter.
 */

function validZone(timeZone: string | undefined): string {
  try {
    if (timeZone) {
      new Intl.DateTimeFormat('en', { timeZone });
      return timeZone;
    }
  } catch {
    // An unknown zone falls back to the browser's.
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function partsIn(date: Date, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date))
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** How far `timeZone` is ahead of UTC at `date`, in ms. */
function offsetAt(date: Date, timeZone: string): number {
  const p = partsIn(date, timeZone);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - Math.floor(date.getTime() / 1000) * 1000;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO instant as the value of <input type="datetime-local"> in `timeZone`; '' for none. */
export function toZonedInput(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '';
  const p = partsIn(new Date(iso), validZone(timeZone));
  return `${p.year}-${pad(p.month!)}-${pad(p.day!)}T${pad(p.hour!)}:${pad(p.minute!)}`;
}

/** The value of a datetime-local input, read in `timeZone`, as an ISO instant; null for ''. */
export function fromZonedInput(value: string, timeZone?: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  const zone = validZone(timeZone);
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  // Twice: the offset at the guessed instant may differ from the one at the answer (DST).
  let at = wall - offsetAt(new Date(wall), zone);
  at = wall - offsetAt(new Date(at), zone);
  return new Date(at).toISOString();
}

/** The zone the inputs use, for the label ("Times in Europe/Stockholm"). */
export function zoneName(timeZone?: string): string {
  return validZone(timeZone);
}
