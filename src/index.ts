/**
 * agentcore-xacct: cross-account Amazon Bedrock AgentCore for TypeScript.
 *
 * @module agentcore-xacct
 */
