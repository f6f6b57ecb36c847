/**
 * An OpenAI-compatible chat model on 127.0.0.1 for the AI Agent e2e run: n8n's OpenAI Chat Model
 * node, pointed at it through its credential's Base URL, asks it what to do; it answers the first
 * question with a call of the first tool offered (filling the `$fromAI()` fields it lists from
 * `hire`), and, once the tool's answer is in the conversation, with a sentence that quotes it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface ChatMessage {
	role: string;
	content?: string | null;
}

interface ChatRequest {
	messages: ChatMessage[];
	tools?: Array<{ function: { name: string; parameters?: { properties?: Record<string, unknown> } } }>;
}

export class ChatModelStandIn {
	readonly requests: ChatRequest[] = [];
	private server?: http.Server;

	constructor(private readonly hire: Record<string, string>) {}

	async start(): Promise<string> {
		this.server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
					res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
					return;
				}
				const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
				this.requests.push(request);
				res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.answer(request)));
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`;
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	private answer(request: ChatRequest) {
		const toolAnswer = request.messages.find((message) => message.role === 'tool');
		const tool = request.tools?.[0];
		const message =
			toolAnswer || !tool
				? { role: 'assistant', content: `Done. Help Scout answered: ${toolAnswer?.content ?? 'nothing'}` }
				: {
						role: 'assistant',
						content: null,
						tool_calls: [
							{
								id: 'call_1',
								type: 'function',
								function: {
									name: tool.function.name,
									arguments: JSON.stringify(
										Object.fromEntries(
											Object.keys(tool.function.parameters?.properties ?? {}).map((key) => [key, this.hire[key] ?? '']),
										),
									),
								},
							},
						],
					};
		return {
			id: `chatcmpl-${this.requests.length}`,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model: 'gpt-4o-mini',
			choices: [{ index: 0, message, finish_reason: 'tool_calls' in message ? 'tool_calls' : 'stop' }],
			usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
		};
	}
}
