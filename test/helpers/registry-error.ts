/** For table tests of the registry's pure rules: the RegistryError a call throws, failing the test if it throws none or another. */
import { expect } from 'vitest';
import { RegistryError } from '../../src/registry/registry-error.js';

/** Runs `f` and returns the RegistryError it throws; fails the test when it returns or throws anything else. */
export function registryErrorOf(f: () => unknown): RegistryError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryError);
    return error as RegistryError;
  }
  throw new Error('expected a RegistryError');
}
