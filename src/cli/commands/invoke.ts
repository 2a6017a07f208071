/**
 * `agentcore-xacct invoke`: invokes a runtime in another account through CrossAccountAgentClient
 * and streams its events to stdout as they arrive (one line each; NDJSON with `--json`). The
 * session id goes to stderr so that stdout is the agent's output only. `--output ndjson` prints
 * one JSON object per event.
 * @internal
 */
import { type AccessMode, CrossAccountAgentClient, type InvokeInput } from '../../index.js';
import type { Output } from '../output.js';
import { jsonArgument } from '../read.js';
import type { OptionsOf } from '../spec.js';

/** Options of the invoke command, as declared in ../spec.ts. @internal */
export type InvokeOptions = OptionsOf<'invoke'>;

function accessOf(o: InvokeOptions): AccessMode {
  if (o.roleArn !== undefined) {
    const access: AccessMode = { mode: 'assume-role', roleArn: o.roleArn };
    if (o.externalId !== undefined) access.externalId = o.externalId;
    // STS is reached at the same endpoint when one is given (the emulator serves both).
    if (o.endpointUrl !== undefined) access.stsClientConfig = { endpoint: o.endpointUrl };
    if (o.region !== undefined) access.stsClientConfig = { ...access.stsClientConfig, region: o.region };
    return access;
  }
  if (o.profile !== undefined) return { mode: 'profile', profile: o.profile };
  return { mode: 'resource-policy' };
}

/** Creates the client the options describe. @internal */
export function agentClient(
  o: Pick<InvokeOptions, 'roleArn' | 'externalId' | 'profile' | 'endpointUrl' | 'region'>,
): CrossAccountAgentClient {
  return new CrossAccountAgentClient({
    access: accessOf(o as InvokeOptions),
    ...(o.region === undefined ? {} : { region: o.region }),
    ...(o.endpointUrl === undefined ? {} : { clientConfig: { endpoint: o.endpointUrl } }),
  });
}

/** Runs the command; resolves to 0 once the stream ended. Errors (denials included) throw. @internal */
export async function runInvoke(out: Output, o: InvokeOptions): Promise<number> {
  const input: InvokeInput = {
    runtimeArn: o.runtimeArn,
    payload: jsonArgument(o.payload, '--payload') as object,
  };
  if (o.sessionId !== undefined) input.sessionId = o.sessionId;
  if (o.qualifier !== undefined) input.qualifier = o.qualifier;
  if (o.userId !== undefined) input.userId = o.userId;
  const client = agentClient(o);
  try {
    const response = await client.invoke(input);
    out.error(out.dim(`session: ${response.sessionId}`));
    for await (const event of response.events()) {
      if (o.output === 'ndjson') {
        out.data(
          JSON.stringify({
            event: event.event,
            data: event.data,
            ...(event.id === undefined ? {} : { id: event.id }),
          }),
        );
      } else {
        const data = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
        out.line(`${out.dim(`${event.event}:`)} ${data}`);
      }
    }
    return 0;
  } finally {
    client.destroy();
  }
}
