/** Progress lines for long CLI work, on stderr so stdout stays clean for data (status tables). */
export function progressPrinter(
  stream: NodeJS.WriteStream = process.stderr,
): (step: string, detail?: string) => void {
  const started = Date.now();
  const labels: Record<string, string> = {
    register: 'registering plugin',
    migrate: 'migrating',
    start: 'starting plugin',
    seed: 'seeding demo data for',
    build: 'building',
  };
  return (step, detail) => {
    const secs = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
    stream.write(`[${secs}s] ${labels[step] ?? step}${detail ? ` ${detail}` : ''}\n`);
  };
}
