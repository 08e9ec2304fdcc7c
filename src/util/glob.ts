/**
 * The one glob dialect kustodian's config uses (`secrets.external` names, `pgdata.images`):
 * `*` and `?` stay within a `/`-separated segment, `**` crosses segments. Kubernetes object names
 * hold no `/`, so for them `*` is simply "anything". Hand-written because this is the whole grammar
 * the config documents; a glob library would add braces, extglobs and dotfile rules nobody can see.
 */
export function globToRegExp(glob: string, options: { ignoreCase?: boolean } = {}): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        out += '.*';
        i++;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, options.ignoreCase ? 'i' : '');
}
