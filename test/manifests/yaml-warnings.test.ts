// A file kustodian reads may carry tags the core schema does not know (CloudFormation's `!Ref` in a
// repository it searches, a Helm leftover): the yaml library's warning about it must not reach
// kustodian's stderr, where `render` prints nothing but its own messages.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseYaml } from '../../src/manifests/yaml.js';
import { sourceDocuments } from '../../src/manifests/source-documents.js';

afterEach(() => vi.restoreAllMocks());

describe('yaml library warnings', () => {
  it('are not emitted for an unknown tag, and the value still reads', () => {
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    expect(parseYaml('Value: !Ref Bucket\n')).toEqual({ Value: 'Bucket' });
    const [doc] = sourceDocuments('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: !Ref Name\n');
    expect(doc?.name).toBe('Name');
    expect(emit).not.toHaveBeenCalled();
  });
});
