/**
 * Resolves in a new task of the browser's event loop: work after `await nextTask()` no longer
 * adds to the task before it. Start-up split this way is several short tasks instead of one long
 * one, so a tap in between is answered (and the page counts as responsive).
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
