// Preloaded (node --import) into a portal process that throughput.mjs profiles. Inert unless the
// parent sends messages over the IPC channel: { type: 'profile-start' } starts the V8 sampling
// profiler, { type: 'profile-stop', file } stops it and writes the .cpuprofile to `file`. So the
// profile covers exactly the load period, not start-up. With BENCH_PROFILE_FROM_START=1 the
// profiler starts as this hook loads (before the portal's own modules), for cold-start profiles.
import { writeFileSync } from 'node:fs';
import inspector from 'node:inspector';

if (typeof process.send === 'function') {
  const session = new inspector.Session();
  session.connect();
  const post = (method, params = {}) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))),
    );
  if (process.env.BENCH_PROFILE_FROM_START === '1') {
    // In-process inspector sessions answer synchronously, so this runs before the main module.
    session.post('Profiler.enable');
    session.post('Profiler.setSamplingInterval', { interval: 200 });
    session.post('Profiler.start');
  }
  process.on('message', (msg) => {
    const run = async () => {
      if (msg?.type === 'profile-start') {
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: msg.intervalUs ?? 500 });
        await post('Profiler.start');
        process.send({ type: 'profile-started' });
      } else if (msg?.type === 'profile-stop') {
        const { profile } = await post('Profiler.stop');
        writeFileSync(msg.file, JSON.stringify(profile));
        process.send({ type: 'profile-written', file: msg.file });
      }
    };
    run().catch((err) => process.send({ type: 'profile-error', message: String(err?.stack ?? err) }));
  });
  // Do not keep the portal alive just for this channel.
  process.channel?.unref();
}
