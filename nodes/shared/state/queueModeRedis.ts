/**
 * The one module that reads the environment. In queue mode n8n's processes (main, workers) share
 * one Redis for their queue, and this package shares Help Scout's limits, Create's claims and the
 * turns through the same Redis, found from n8n's own settings (@n8n/config's `QUEUE_BULL_*`), so
 * that queue mode needs no setting of its own. Nothing else is read.
 *
 * n8n also accepts each variable as `<NAME>_FILE`, a file holding the value, and takes TLS
 * certificates from files (`QUEUE_BULL_REDIS_TLS_CA_FILE`, …). Node code may not read files (n8n's
 * community-node rules), so those are not read: a setting given only as a file leaves the state in
 * the process (`unreadable` says which, for the log); a private CA is not known to the node.
 */
export interface QueueModeRedis {
	/** `host:port` pairs when n8n uses a Redis Cluster; n8n then ignores host and port. */
	clusterNodes: Array<{ host: string; port: number }>;
	host: string;
	port: number;
	db: number;
	username?: string;
	password?: string;
	/** TLS when n8n's queue uses it, with its server name and whether the certificate is checked. */
	tls?: { servername?: string; rejectUnauthorized: boolean };
	/** Where every key of this package lives: `<QUEUE_BULL_PREFIX or bull>:n8n-nodes-helpscout-users:`. */
	keyPrefix: string;
}

export type QueueModeSetting = { redis: QueueModeRedis } | { notQueueMode: true } | { unreadable: string[] };

const SETTINGS = ['HOST', 'PORT', 'DB', 'USERNAME', 'PASSWORD', 'TLS', 'TLS_SERVERNAME', 'TLS_VALIDATE_CERTIFICATE', 'CLUSTER_NODES'].map(
	(name) => `QUEUE_BULL_REDIS_${name}`,
);

function clusterNodes(text: string | undefined): QueueModeRedis['clusterNodes'] {
	return (text ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '')
		.map((entry) => {
			const at = entry.lastIndexOf(':');
			return at === -1 ? { host: entry, port: 6379 } : { host: entry.slice(0, at), port: Number(entry.slice(at + 1)) || 6379 };
		});
}

/** n8n's queue-mode Redis as n8n's own settings name it, read from `env` (the process's by default). */
export function queueModeRedis(
	// The package's one read of the environment (see above); n8n Cloud, which forbids it, has no queue mode to share.
	// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals
	env: Record<string, string | undefined> = process.env,
): QueueModeSetting {
	if (env.EXECUTIONS_MODE !== 'queue') return { notQueueMode: true };
	const unreadable = [...SETTINGS, 'QUEUE_BULL_PREFIX'].filter((name) => env[`${name}_FILE`] && env[name] === undefined);
	if (unreadable.length > 0) return { unreadable: unreadable.map((name) => `${name}_FILE`) };
	return {
		redis: {
			clusterNodes: clusterNodes(env.QUEUE_BULL_REDIS_CLUSTER_NODES),
			host: env.QUEUE_BULL_REDIS_HOST || 'localhost',
			port: Number(env.QUEUE_BULL_REDIS_PORT) || 6379,
			db: Number(env.QUEUE_BULL_REDIS_DB) || 0,
			username: env.QUEUE_BULL_REDIS_USERNAME || undefined,
			password: env.QUEUE_BULL_REDIS_PASSWORD || undefined,
			tls:
				env.QUEUE_BULL_REDIS_TLS === 'true'
					? {
							servername: env.QUEUE_BULL_REDIS_TLS_SERVERNAME || undefined,
							rejectUnauthorized: env.QUEUE_BULL_REDIS_TLS_VALIDATE_CERTIFICATE !== 'false',
						}
					: undefined,
			keyPrefix: `${env.QUEUE_BULL_PREFIX || 'bull'}:n8n-nodes-helpscout-users:`,
		},
	};
}
