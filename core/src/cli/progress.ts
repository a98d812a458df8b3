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
    // Core's own modules (identity) are not plugins: "starting core", not "starting plugin core".
    const label = detail === 'core' ? (labels[step] ?? step).replace(/ plugin$/, '') : (labels[step] ?? step);
    stream.write(`[${secs}s] ${label}${detail ? ` ${detail}` : ''}\n`);
  };
}
