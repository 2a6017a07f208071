import {
  CreateMemoryCommand,
  type CreateMemoryCommandInput,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type DeliveryCreateMemoryInput, memoryDeliverySetup } from '../../../../src/policy/build/index.js';

// The policy entry cannot import the SDK, so memoryDeliverySetup declares its own structural
// type. These checks fail to compile (tsc --noEmit covers test/) if it drifts from the SDK's.
describe('DeliveryCreateMemoryInput', () => {
  it('is assignable to the SDK CreateMemoryCommandInput', () => {
    expectTypeOf<DeliveryCreateMemoryInput>().toExtend<CreateMemoryCommandInput>();
    const setup = memoryDeliverySetup({
      region: 'us-east-1',
      accountId: '111111111111',
      executionRoleName: 'MemoryCrossAccountRole',
      s3: { bucketName: 'memory-payloads-bucket' },
      sns: { topicArn: 'arn:aws:sns:us-east-1:222222222222:memory-notifications' },
      kinesis: { streamArn: 'arn:aws:kinesis:us-east-1:222222222222:stream/memory-record-stream' },
    });
    const input: CreateMemoryCommandInput = setup.createMemoryInput;
    expect(new CreateMemoryCommand(input).input).toStrictEqual(setup.createMemoryInput);
  });
});
