#!/usr/bin/env node
// Trims a botocore service model (service-2.json) to the operations named and the shapes they
// reach, without documentation, for the interop test's fixtures (test/fixtures/botocore).
//   node scripts/trim-botocore-model.mjs FULL.json OUT.json Operation1 Operation2 ...
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output, ...operations] = process.argv.slice(2);
if (input === undefined || output === undefined || operations.length === 0) {
  console.error('usage: node scripts/trim-botocore-model.mjs FULL.json OUT.json Operation...');
  process.exit(2);
}
const model = JSON.parse(readFileSync(input, 'utf8'));

function undocumented(value) {
  if (Array.isArray(value)) return value.map(undocumented);
  if (typeof value !== 'object' || value === null) return value;
  const out = {};
  for (const [key, member] of Object.entries(value)) {
    if (key !== 'documentation' && key !== 'documentationUrl') out[key] = undocumented(member);
  }
  return out;
}

const kept = {};
const shapes = new Set();
const reach = (name) => {
  if (name === undefined || shapes.has(name)) return;
  const shape = model.shapes[name];
  if (shape === undefined) throw new Error(`shape ${name} is not in the model`);
  shapes.add(name);
  for (const member of Object.values(shape.members ?? {})) reach(member.shape);
  reach(shape.member?.shape);
  reach(shape.key?.shape);
  reach(shape.value?.shape);
};
for (const name of operations) {
  const operation = model.operations[name];
  if (operation === undefined) throw new Error(`operation ${name} is not in the model`);
  kept[name] = undocumented(operation);
  reach(operation.input?.shape);
  reach(operation.output?.shape);
  for (const error of operation.errors ?? []) reach(error.shape);
}
const trimmed = {
  version: model.version,
  metadata: model.metadata,
  operations: kept,
  shapes: Object.fromEntries([...shapes].sort().map((name) => [name, undocumented(model.shapes[name])])),
};
writeFileSync(output, `${JSON.stringify(trimmed, null, 1)}\n`);
console.log(`${output}: ${operations.length} operations, ${shapes.size} shapes`);
