/**
 * The guarded undici Agent feeds are fetched through.
 *
 * The SSRF check runs inside `connect`, on the addresses actually connected to: a hostname is resolved by our own
 * `lookup` (all A/AAAA records; if ANY is refused the connection is refused, so mixed answers and DNS rebinding
 * between a check and the connect cannot slip through), an IP literal is checked before dialling, and the socket's
 * remote address is checked once more after connecting. Redirects are followed by fetchFeed one hop at a time, so
 * every hop goes through this connector again.
 */
import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import type { Socket } from 'node:net';
import { Agent, buildConnector } from 'undici';
import type { Dispatcher } from 'undici';
import type { NetworkConfig } from '../config/types.js';
import { createAddressPolicy } from './address-policy.js';

/** Connect timeout (TCP + TLS handshake), apart from the total deadline of a request. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** Resolves a hostname to every address it has (A and AAAA). */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

export interface HttpClientOptions {
  /** DNS resolution; defaults to the system resolver (`dns.lookup` with `all: true`). Tests pass a stub. */
  resolveHost?: ResolveHost;
}

/** An undici dispatcher whose connections are SSRF-checked, plus the way to close it. */
export interface HttpClient {
  readonly dispatcher: Dispatcher;
  /** For the first request of a feed alone on its host (sole-host-feeds.ts); `dispatcher` when absent. */
  readonly soleHostDispatcher?: Dispatcher;
  close(): Promise<void>;
}

const systemResolveHost: ResolveHost = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses)));
  });

/** Builds an SSRF-guarded HTTP client for one network config; throws CONFIG_INVALID for a bad allowCidrs entry. */
export function createHttpClient(network: NetworkConfig, options: HttpClientOptions = {}): HttpClient {
  const policy = createAddressPolicy(network);
  const resolveHost = options.resolveHost ?? systemResolveHost;

  const guardedLookup = (
    hostname: string,
    lookupOptions: LookupOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    resolveHost(hostname).then(
      (addresses) => {
        if (addresses.length === 0) {
          callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
          return;
        }
        for (const { address } of addresses) {
          const refusal = policy.refusal(address);
          if (refusal) {
            callback(refusal, []);
            return;
          }
        }
        const first = addresses[0]!;
        if (lookupOptions.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, []),
    );
  };

  const baseConnect = buildConnector({ timeout: CONNECT_TIMEOUT_MS, lookup: guardedLookup });

  const connect: buildConnector.connector = (connectOptions, callback) => {
    // Node skips `lookup` for IP literals, so they are checked here; undici already stripped IPv6 brackets.
    if (isIP(connectOptions.hostname) !== 0) {
      const refusal = policy.refusal(connectOptions.hostname);
      if (refusal) {
        callback(refusal, null);
        return;
      }
    }
    baseConnect(connectOptions, (err, socket) => {
      if (err !== null) {
        callback(err, null);
        return;
      }
      const remote = (socket as Socket).remoteAddress;
      const refusal = remote === undefined ? null : policy.refusal(remote);
      if (refusal) {
        socket.destroy();
        callback(refusal, null);
        return;
      }
      callback(null, socket);
    });
  };

  const agent = new Agent({ connect, connections: 4, keepAliveTimeout: 4_000 });
  // A feed alone on its host never has two requests in flight there, so its origin needs one connection: undici then
  // makes a Client for it instead of a Pool, through which a 304 cost 1.4x the CPU (`npm run bench -- fetch`).
  const soleHostAgent = new Agent({ connect, connections: 1, keepAliveTimeout: 4_000 });
  return { dispatcher: agent, soleHostDispatcher: soleHostAgent, close: async () => void (await Promise.all([agent.close(), soleHostAgent.close()])) };
}

const shared = new WeakMap<NetworkConfig, HttpClient>();

/** The client shared by every fetch made with this (frozen) NetworkConfig object. */
export function sharedHttpClient(network: NetworkConfig): HttpClient {
  let client = shared.get(network);
  if (client === undefined) {
    client = createHttpClient(network);
    shared.set(network, client);
  }
  return client;
}
