/** Independent cross-checks with `skopeo` (Debian package), so no digest in the tests is only our own opinion. */
import { execa } from 'execa';
import { sha256 } from './registry.js';

/** Credentials for skopeo's --creds, when the registry needs them. */
export interface SkopeoAuth {
  username: string;
  password: string;
}

function authArgs(auth?: SkopeoAuth): string[] {
  return auth ? ['--creds', `${auth.username}:${auth.password}`] : [];
}

/** `skopeo inspect --raw`: the exact manifest bytes, and the sha256 of them (the digest). */
export async function skopeoRaw(reference: string, auth?: SkopeoAuth): Promise<{ bytes: Buffer; digest: string }> {
  const r = await execa('skopeo', ['inspect', '--raw', '--tls-verify=false', ...authArgs(auth), `docker://${reference}`], {
    encoding: 'buffer',
    stripFinalNewline: false,
  });
  const bytes = Buffer.from(r.stdout);
  return { bytes, digest: sha256(bytes) };
}

/** `skopeo inspect` of the image selected for an arch: its Digest (of the top-level manifest) and Os/Architecture. */
export async function skopeoInspect(
  reference: string,
  options: { arch?: string; os?: string; auth?: SkopeoAuth } = {},
): Promise<{ Digest: string; Os: string; Architecture: string; Variant?: string }> {
  const args = ['inspect', '--tls-verify=false', '--no-tags', ...authArgs(options.auth)];
  if (options.arch) args.push('--override-arch', options.arch);
  if (options.os) args.push('--override-os', options.os);
  const r = await execa('skopeo', [...args, `docker://${reference}`]);
  return JSON.parse(r.stdout) as { Digest: string; Os: string; Architecture: string; Variant?: string };
}

/** `skopeo inspect --config`: the image config of the selected image. */
export async function skopeoConfig(
  reference: string,
  options: { arch?: string; auth?: SkopeoAuth } = {},
): Promise<{ os: string; architecture: string; variant?: string; config?: { Env?: string[] } }> {
  const args = ['inspect', '--config', '--tls-verify=false', ...authArgs(options.auth)];
  if (options.arch) args.push('--override-arch', options.arch);
  const r = await execa('skopeo', [...args, `docker://${reference}`]);
  return JSON.parse(r.stdout) as { os: string; architecture: string; variant?: string; config?: { Env?: string[] } };
}
