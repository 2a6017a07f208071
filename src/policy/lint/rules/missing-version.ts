import { own } from '../../statement/read.js';
import type { Finding } from '../../types.js';
import { report } from '../finding.js';
import type { LintContext, LintRule } from '../types.js';

/**
 * No `Version`, or the 2008 one: policy variables (`${aws:username}`…) are then plain text.
 * An unknown version is the invalid-policy rule's.
 * @internal
 */
export const missingVersionRule: LintRule = {
  name: 'missing-version',
  codes: ['missing-version'],
  kinds: ['resource', 'identity', 'trust'],
  check(context: LintContext): Finding[] {
    const version = own(context.document, 'Version');
    if (version === undefined) {
      return [
        report(
          undefined,
          'missing-version',
          undefined,
          '',
          'The policy has no Version, so IAM reads it as the 2008-10-17 language: policy variables are not substituted.',
        ),
      ];
    }
    if (version === '2008-10-17') {
      return [
        report(
          undefined,
          'missing-version',
          undefined,
          '/Version',
          `Version 2008-10-17 does not substitute policy variables such as \${aws:username}.`,
        ),
      ];
    }
    return [];
  },
};
