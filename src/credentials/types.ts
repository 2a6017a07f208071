/**
 * The access modes a {@link CrossAccountAgentClient} can use, and the logger it reports through.
 * @module
 */
import type { BedrockAgentCoreClientConfig } from '@aws-sdk/client-bedrock-agentcore';

/**
 * Credentials or a credential provider, as every AWS SDK v3 client accepts them.
 *
 * @example
 * ```ts
 * const credentials: CredentialsInput = { accessKeyId: 'AKIA…', secretAccessKey: '…' };
 * ```
 */
export type CredentialsInput = NonNullable<BedrockAgentCoreClientConfig['credentials']>;

/**
 * The configuration every AWS SDK v3 client takes (region, credentials, endpoint,
 * requestHandler, maxAttempts, logger…), less the two members whose types are each service's own
 * (`extensions`, `httpAuthSchemeProvider`). It is typed from the data-plane client the package
 * requires, so that the options configuring an optional peer's client (the control plane, IAM,
 * STS) compile without that peer installed; a `BedrockAgentCoreControlClientConfig` or an
 * `IAMClientConfig` of yours is one.
 *
 * @example
 * ```ts
 * const clientConfig: SdkClientConfig = { region: 'eu-west-1', maxAttempts: 5 };
 * ```
 */
export type SdkClientConfig = Omit<BedrockAgentCoreClientConfig, 'extensions' | 'httpAuthSchemeProvider'>;

/**
 * An AWS SDK v3 client of yours (a `BedrockAgentCoreControlClient`, an `IAMClient`), as far as
 * the package uses it: it sends commands it builds itself, reads the client's region, and never
 * destroys a client it was given. Declared here rather than imported, so that the package's types
 * compile without the optional peer that defines the client.
 *
 * @example
 * ```ts
 * const client: SdkClient = new BedrockAgentCoreControlClient({ region: 'eu-west-1' });
 * ```
 */
export interface SdkClient {
  /** The client's resolved configuration; the package reads only its region. */
  readonly config: {
    /** The region the client sends to. */
    region: () => Promise<string>;
  };
  /** Sends a command (the package builds its commands itself, from the client's own package). */
  send(command: never, options?: never): Promise<unknown>;
  /** Closes the client's connections: never called on a client you passed. */
  destroy(): void;
}

/**
 * Configuration of the STS client that assumes the role (endpoint, region, requestHandler…).
 *
 * @example
 * ```ts
 * const stsClientConfig: StsClientConfig = { region: 'eu-west-1' };
 * ```
 */
export type StsClientConfig = SdkClientConfig & {
  /** STS's own endpoint parameter: the global endpoint (`sts.amazonaws.com`) rather than the regional one. */
  useGlobalEndpoint?: boolean | undefined | (() => Promise<boolean | undefined>);
};

/**
 * A resolved set of AWS credentials (what a provider returns).
 *
 * @example
 * ```ts
 * const expiresSoon = (c: ResolvedCredentials) => (c.expiration?.getTime() ?? Infinity) - Date.now() < 60_000;
 * ```
 */
export interface ResolvedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** When the credentials expire; absent for long-term credentials, which are never refreshed. */
  readonly expiration?: Date;
  readonly accountId?: string;
  readonly credentialScope?: string;
}

/**
 * Pattern 1: Account A's resource policies allow the caller directly; the caller uses its own
 * credentials (the default chain, or the credentials given). Loads no STS.
 *
 * @example
 * ```ts
 * new CrossAccountAgentClient({ access: { mode: 'resource-policy' } });
 * ```
 */
export interface ResourcePolicyAccess {
  mode: 'resource-policy';
  /** Credentials or a provider; default: the AWS SDK's default credential chain. */
  credentials?: CredentialsInput;
}

/**
 * Pattern 2: assume a role in Account A whose policy allows the invocation. The credentials are
 * cached process-wide and shared by every client with the same role, session name, ExternalId,
 * source identity, tags and STS endpoint.
 *
 * @example
 * ```ts
 * new CrossAccountAgentClient({
 *   access: {
 *     mode: 'assume-role',
 *     roleArn: 'arn:aws:iam::111111111111:role/CrossAccountAgentInvoker',
 *     externalId: 'partner-7f3a',
 *   },
 * });
 * ```
 */
export interface AssumeRoleAccess {
  mode: 'assume-role';
  /** The role to assume, `arn:aws:iam::111111111111:role/CrossAccountAgentInvoker`. */
  roleArn: string;
  /** The ExternalId the role's trust policy requires, if any (2–1224 characters). */
  externalId?: string;
  /** Role session name (2–64 of `[\w+=,.@-]`); default `agentcore-xacct`. Shown in CloudTrail. */
  sessionName?: string;
  /**
   * Requested session length, 900–43200 s; default: STS's own (3600). A role assumed from a role
   * session (role chaining) is capped at 3600: when STS refuses a longer one for that reason the
   * client asks for 3600 instead and logs a warning.
   */
  durationSeconds?: number;
  /** Source identity to set on the session (2–64 of `[\w+=,.@-]`). */
  sourceIdentity?: string;
  /** Session tags (at most 50). */
  tags?: Readonly<Record<string, string>>;
  /** Credentials that call STS; default: `stsClientConfig.credentials`, else the default chain. */
  sourceCredentials?: CredentialsInput;
  /** Configuration of the STS client (endpoint, region, requestHandler…). */
  stsClientConfig?: StsClientConfig;
}

/**
 * Pattern 2 configured in a shared config file: a profile with `role_arn` and `credential_source`
 * (or `source_profile`), as in the field report. Cached and shared like `assume-role`.
 *
 * @example
 * ```ts
 * // ~/.aws/config:  [profile agent-invoker]  role_arn = …  credential_source = Ec2InstanceMetadata
 * new CrossAccountAgentClient({ access: { mode: 'profile', profile: 'agent-invoker' } });
 * ```
 */
export interface ProfileAccess {
  mode: 'profile';
  /** The profile name, e.g. `agent-invoker`. */
  profile: string;
  /** Path of the shared config file; default `~/.aws/config` (or `AWS_CONFIG_FILE`). */
  configFilepath?: string;
  /** Path of the shared credentials file; default `~/.aws/credentials`. */
  filepath?: string;
  /** Configuration of the STS client that assumes the profile's role. */
  stsClientConfig?: StsClientConfig;
}

/**
 * How the client obtains credentials for Account A's agent.
 *
 * @example
 * ```ts
 * const access: AccessMode = process.env.INVOKER_ROLE_ARN
 *   ? { mode: 'assume-role', roleArn: process.env.INVOKER_ROLE_ARN }
 *   : { mode: 'resource-policy' };
 * ```
 */
export type AccessMode = ResourcePolicyAccess | AssumeRoleAccess | ProfileAccess;

/**
 * Where the client reports what it does (credential refreshes, retries). Every method is
 * optional; `console` fits. Nothing the client logs contains a secret.
 *
 * @example
 * ```ts
 * new CrossAccountAgentClient({ logger: console });
 * ```
 */
export interface Logger {
  /** Retries and credential fetches. */
  debug?(message: string, details?: Record<string, unknown>): void;
  /** Not used yet; for symmetry with common loggers. */
  info?(message: string, details?: Record<string, unknown>): void;
  /** Ignored options, failed background refreshes, role-chaining fallbacks. */
  warn?(message: string, details?: Record<string, unknown>): void;
  /** Not used yet; for symmetry with common loggers. */
  error?(message: string, details?: Record<string, unknown>): void;
}
