import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** What a routine's webhook call carries besides the body. */
export interface WebhookCall {
  url: string;
  /** Stable across retries: the receiver drops a repeat it already handled. */
  deliveryId: string;
  event: string;
  body: unknown;
  secret?: string;
  timeoutMs: number;
  /** Allow addresses on loopback and private networks (tests, an ERP on the same LAN). */
  allowPrivateNetworks: boolean;
}

export class WebhookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookError';
  }
}

// Addresses a webhook must not reach unless the operator allows it: the server itself, its
// network and cloud metadata services (SSRF).
const privateRanges = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  privateRanges.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  privateRanges.addSubnet(net, bits, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return privateRanges.check(mapped[1]!, 'ipv4');
  return privateRanges.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The signature a receiver checks: `sha256=` HMAC-SHA256 over `<timestamp>.<body>` with the
 * routine's secret, so a captured call cannot be replayed later with another timestamp.
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * POSTs the call and resolves on a 2xx answer; anything else throws, and the outbox retries
 * with backoff. The address is checked after DNS resolution and the connection goes to that
 * very address, so a name that resolves differently the second time (DNS rebinding) cannot
 * reach a private network. Redirects are not followed.
 */
export async function callWebhook(call: WebhookCall): Promise<number> {
  const url = new URL(call.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new WebhookError(`A webhook URL must be http or https, not ${url.protocol}`);
  const body = JSON.stringify(call.body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'user-agent': 'Portico-Webhook/1',
    'x-portico-event': call.event,
    'x-portico-delivery': call.deliveryId,
    'idempotency-key': call.deliveryId,
    'x-portico-timestamp': timestamp,
  };
  if (call.secret) headers['x-portico-signature'] = signWebhook(call.secret, timestamp, body);
  const guardedLookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const allowed = addresses.filter((a) => call.allowPrivateNetworks || !isPrivateAddress(a.address));
      const first = allowed[0];
      if (!first)
        return callback(
          new WebhookError(
            `${hostname} resolves to a private or local address; set the forms setting webhooksAllowPrivateNetworks to allow it`,
          ),
          '',
          0,
        );
      // Node asks for all addresses when autoSelectFamily is on.
      if ((options as { all?: boolean }).all)
        (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      else callback(null, first.address, first.family);
    });
  };
  if (
    isIP(url.hostname.replace(/^\[|\]$/g, '')) &&
    !call.allowPrivateNetworks &&
    isPrivateAddress(url.hostname.replace(/^\[|\]$/g, ''))
  )
    throw new WebhookError(
      `${url.hostname} is a private or local address; set the forms setting webhooksAllowPrivateNetworks to allow it`,
    );
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<number>((resolve, reject) => {
    const req = client.request(
      url,
      { method: 'POST', headers, lookup: guardedLookup, timeout: call.timeoutMs },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve(status);
        else reject(new WebhookError(`${url.origin}${url.pathname} answered ${status}`));
      },
    );
    req.on('timeout', () =>
      req.destroy(new WebhookError(`${url.origin} did not answer within ${call.timeoutMs} ms`)),
    );
    req.on('error', (err) =>
      reject(err instanceof WebhookError ? err : new WebhookError(`${url.origin}: ${err.message}`)),
    );
    req.end(body);
  });
}
