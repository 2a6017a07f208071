/**
 * `agentcore-xacct/policy`: ARNs, policy builders, lint and offline explanation of access
 * decisions. Pure: imports no AWS SDK, so it runs in a browser, a CDK app or a CI job.
 *
 * @module agentcore-xacct/policy
 */
export * as _arnSurface from '../arn/index.js';
