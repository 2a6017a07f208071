/**
 * The AWS CLI commands equivalent to what the Account A functions and the fix planner do, for
 * review or for a change process that applies them by hand. Arguments are single-quoted for
 * POSIX shells. Pure text: no SDK.
 * @internal
 */

/** One argument, single-quoted for a POSIX shell. @internal */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** `aws bedrock-agentcore-control put-resource-policy …` @internal */
export function putResourcePolicyCommand(region: string, resourceArn: string, policy: string): string {
  return `aws bedrock-agentcore-control put-resource-policy --region ${region} --resource-arn ${shellQuote(resourceArn)} --policy ${shellQuote(policy)}`;
}

/** `aws bedrock-agentcore-control delete-resource-policy …` @internal */
export function deleteResourcePolicyCommand(region: string, resourceArn: string): string {
  return `aws bedrock-agentcore-control delete-resource-policy --region ${region} --resource-arn ${shellQuote(resourceArn)}`;
}

/** `aws bedrock-agentcore-control create-memory …` with every field of the input. @internal */
export function createMemoryCommand(region: string, input: Readonly<Record<string, unknown>>): string {
  const flags = Object.entries(input)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const flag = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      const text =
        typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
      return `--${flag} ${typeof value === 'number' ? text : shellQuote(text)}`;
    });
  return ['aws bedrock-agentcore-control create-memory', `--region ${region}`, ...flags].join(' ');
}

/** `aws iam put-role-policy …` (IAM is global: no region). @internal */
export function putRolePolicyCommand(roleName: string, policyName: string, policy: string): string {
  return `aws iam put-role-policy --role-name ${shellQuote(roleName)} --policy-name ${shellQuote(policyName)} --policy-document ${shellQuote(policy)}`;
}

/** `aws iam put-user-policy …` (IAM is global: no region). @internal */
export function putUserPolicyCommand(userName: string, policyName: string, policy: string): string {
  return `aws iam put-user-policy --user-name ${shellQuote(userName)} --policy-name ${shellQuote(policyName)} --policy-document ${shellQuote(policy)}`;
}
