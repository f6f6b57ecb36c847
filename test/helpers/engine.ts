/**
 * Runs workflows through n8n's real engine (n8n-core's WorkflowExecute) with this package's node
 * and credential type. n8n publishes no node test harness; this is the smallest one that lets
 * n8n apply OAuth2 itself: the credentials helper says the credential's parent is `oAuth2Api`,
 * fills in the credential type's hidden defaults like n8n does, and stores refreshed tokens.
 */
import 'reflect-metadata';
import { ExecutionLifecycleHooks, LoadOptionsContext, PollContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeConnectionTypes, Workflow } from 'n8n-workflow';

import { HelpScoutUsersOAuth2Api } from '../../credentials/HelpScoutUsersOAuth2Api.credentials';
import { HelpScoutUsers } from '../../nodes/HelpScoutUsers/HelpScoutUsers.node';
import { HelpScoutUsersTrigger } from '../../nodes/HelpScoutUsersTrigger/HelpScoutUsersTrigger.node';
import { chainWorkflow, CREDENTIAL_TYPE, helpScoutStep, TRIGGER_TYPE } from '../fixtures/workflows';
const START_TYPE = 'test.start';
let credentialsMade = 0;

/** A start node that emits the items of its `items` parameter, like a form or webhook trigger. */
class StartNode implements INodeType {
	description = {
		displayName: 'Start',
		name: START_TYPE,
		group: ['input'],
		version: 1,
		description: 'Emits test items',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' } as INodeProperties],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getNodeParameter('items', 0) as IDataObject[] | string;
		const list = typeof items === 'string' ? (JSON.parse(items) as IDataObject[]) : items;
		return [list.map((json) => ({ json }))];
	}
}

/**
 * Every run of the node's execute(), to see when it really ended: after n8n's Stop the execution
 * settles at once, and only this shows whether the node went on working behind it.
 */
export const nodeExecutions: Array<Promise<unknown>> = [];

function observedNode(): INodeType {
	const node = new HelpScoutUsers();
	const execute = node.execute;
	node.execute = function (this: IExecuteFunctions) {
		const running = execute.call(this);
		nodeExecutions.push(running.catch(() => undefined));
		return running;
	};
	return node;
}

function nodeType(type: string): INodeType {
	if (type === START_TYPE) return new StartNode();
	if (type === TRIGGER_TYPE) return new HelpScoutUsersTrigger();
	return observedNode();
}

const nodeTypes: INodeTypes = {
	getByName: nodeType,
	getByNameAndVersion: nodeType,
	getKnownTypes: () => ({}),
};

/**
 * A registry of the given node types, by their full type name, as n8n's own resolves a workflow's
 * nodes; a type it does not hold is unknown to the engine, which n8n allows for nodes that do not run.
 */
export function nodeTypesOf(types: Record<string, () => INodeType>): INodeTypes {
	const byName = (type: string) => types[type]?.() as INodeType;
	return { getByName: byName, getByNameAndVersion: byName, getKnownTypes: () => ({}) };
}

const credentialType = new HelpScoutUsersOAuth2Api();

/** What n8n stores for one credential, and every token update n8n writes back. */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly updates: ICredentialDataDecryptedObject[] = [];
	/**
	 * Each credential its own ID: the node keeps its token state and the account it learned per
	 * credential (the account's budget and claims start fresh in each test: useStandIn.ts).
	 */
	readonly id = `cred-${++credentialsMade}`;

	constructor(public data: ICredentialDataDecryptedObject) {
		super();
	}

	getParentTypes(name: string): string[] {
		return name === CREDENTIAL_TYPE ? ['oAuth2Api'] : [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(_credentials: ICredentialDataDecryptedObject, _type: string, options: IHttpRequestOptions) {
		return options;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by the engine in these tests');
	}

	/** The stored data over the credential type's defaults (its fixed, hidden URLs among them). */
	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		const defaults = Object.fromEntries(
			credentialType.properties.map((property) => [property.name, property.default]),
		) as ICredentialDataDecryptedObject;
		return structuredClone({ ...defaults, ...this.data });
	}

	async updateCredentials(_details: INodeCredentialsDetails, _type: string, data: ICredentialDataDecryptedObject) {
		this.data = { ...this.data, ...data };
	}

	async updateCredentialsOauthTokenData(
		_details: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	) {
		this.updates.push(structuredClone(data));
		this.data = { ...this.data, oauthTokenData: data.oauthTokenData };
	}

	getCredentialsProperties(): INodeProperties[] {
		return credentialType.properties;
	}
}

function additionalDataFor(
	credentials: TestCredentialsHelper,
	workflowData: IWorkflowBase,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: credentials,
		hooks: new ExecutionLifecycleHooks('manual', 'test-execution', workflowData),
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used in these tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formBaseUrl: 'http://127.0.0.1/form',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1/form-test',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1/mcp-test',
		variables: {},
		logAiEvent: () => undefined,
		startRunnerTask: async () => {
			throw new Error('code runners are not used in these tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** Which n8n engine runs the tests: jest's "n8n 1.x" project sets 1 (see jest.config.js). */
export const ENGINE_MAJOR: number = (globalThis as { N8N_ENGINE_MAJOR?: number }).N8N_ENGINE_MAJOR ?? 2;

type RunningWorkflow = ReturnType<WorkflowExecute['run']>;

/** n8n 2.x's WorkflowExecute.run takes an options object; 1.x took positional arguments. */
function startRun(execute: WorkflowExecute, workflow: Workflow, start: INode): RunningWorkflow {
	if (ENGINE_MAJOR === 1) {
		return (execute.run as unknown as (workflow: Workflow, startNode: INode) => RunningWorkflow)(workflow, start);
	}
	return execute.run({ workflow, startNode: start });
}

export interface RunOptions {
	/** The node's parameters; the credential is attached by the harness. */
	parameters: IDataObject;
	/** Items the start node emits; one empty item by default. */
	items?: IDataObject[];
	credentials: TestCredentialsHelper;
	continueOnFail?: boolean;
	/** Called with the running execution, which `cancel()` stops like n8n's Stop button. */
	onStart?: (running: RunningWorkflow) => void;
}

export interface RunResult {
	items: INodeExecutionData[];
	/** The error n8n recorded for the node, when the run failed. */
	error?: Error & { description?: string; httpCode?: string | null; context?: IDataObject };
	run: IRun;
}

const HELP_SCOUT_NODE = 'Help Scout Users';

export async function runNode(options: RunOptions): Promise<RunResult> {
	const workflowData = {
		...chainWorkflow('test-workflow', [
			{ name: 'Start', type: START_TYPE, typeVersion: 1, parameters: { items: JSON.stringify(options.items ?? [{}]) } },
			{
				...helpScoutStep(HELP_SCOUT_NODE, options.parameters, options.credentials.id),
				...(options.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
			},
		]),
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as unknown as IWorkflowBase;
	const run = await runWorkflow({ workflowData, startNode: 'Start', credentials: options.credentials, onStart: options.onStart });
	const nodeRuns = run.data.resultData.runData[HELP_SCOUT_NODE];
	return {
		items: nodeRuns?.[0]?.data?.main?.[0] ?? [],
		error: (run.data.resultData.error ?? nodeRuns?.[0]?.error) as RunResult['error'],
		run,
	};
}

/**
 * Runs a workflow from one of its nodes, as the editor's Execute Workflow runs it from a trigger:
 * manual mode, every credential served by `credentials`.
 */
export async function runWorkflow(options: {
	workflowData: IWorkflowBase;
	startNode: string;
	credentials: TestCredentialsHelper;
	/** The node types the workflow uses; by default this package's and the test start node. */
	types?: INodeTypes;
	onStart?: RunOptions['onStart'];
}): Promise<IRun> {
	const workflow = new Workflow({ ...options.workflowData, nodeTypes: options.types ?? nodeTypes });
	const start = workflow.getNode(options.startNode);
	if (!start) throw new Error(`the workflow has no node "${options.startNode}"`);
	const execute = new WorkflowExecute(additionalDataFor(options.credentials, options.workflowData), 'manual');
	const running = startRun(execute, workflow, start);
	options.onStart?.(running);
	return await running;
}

/** Calls one of the node's dropdown methods the way the editor does, through n8n's context. */
export async function loadOptions(method: string, credentials: TestCredentialsHelper, ...args: unknown[]) {
	const node = chainWorkflow('dropdowns', [helpScoutStep(HELP_SCOUT_NODE, {}, credentials.id)]).nodes[0] as unknown as INode;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const context = new LoadOptionsContext(
		workflow,
		node,
		additionalDataFor(credentials, { nodes: [node], connections: {} } as unknown as IWorkflowBase),
		'parameters',
	);
	const methods = new HelpScoutUsers().methods as unknown as Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>;
	const fn = methods.loadOptions[method] ?? methods.listSearch[method];
	return await fn.call(context, ...args);
}

/**
 * A Help Scout Users Trigger in an activated workflow: each `poll()` runs the node's poll through
 * n8n-core's PollContext, in 'trigger' mode (as n8n's schedule runs it) or 'manual' (Fetch Test
 * Event), with the workflow's static data kept between polls as n8n keeps it.
 */
export function activatedTrigger(credentials: TestCredentialsHelper, parameters: IDataObject) {
	const trigger: INode = {
		id: 'trigger-node',
		name: 'Help Scout Users Trigger',
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: { [CREDENTIAL_TYPE]: { id: credentials.id, name: 'Help Scout test account' } },
	};
	const workflow = new Workflow({ id: 'trigger-workflow', nodes: [trigger], connections: {}, active: true, nodeTypes });
	const additionalData = additionalDataFor(credentials, { nodes: [trigger], connections: {} } as unknown as IWorkflowBase);
	// n8n makes one poll context when it activates the trigger and polls with it until deactivation.
	const activated = new PollContext(workflow, trigger, additionalData, 'trigger', 'activate');
	return {
		workflow,
		async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<IDataObject[] | null> {
			const context = mode === 'trigger' ? activated : new PollContext(workflow, trigger, additionalData, mode, 'activate');
			const output = await new HelpScoutUsersTrigger().poll.call(context);
			return output === null ? null : output[0].map((item) => item.json);
		},
		/** What the trigger keeps in the workflow's static data. */
		staticData: () => workflow.getStaticData('node', trigger),
	};
}
