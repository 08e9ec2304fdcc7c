#!/usr/bin/env bash
# The pin mode of the GitHub Action (action.yml, `mode: pin`): refresh every leaf overlay's
# kustodian.lock.yaml under INPUT_PATH with `kustodian pin --all`, and commit the locks that changed,
# either on the checked-out branch (pushed back) or on a branch of their own with a pull request.
# This is what makes Argo CD Image Updater's tag writes (semver, newest-build) work with `pin: locked`:
# its commit changes a kustomization, this job locks the new tag. A second run changes nothing.
#
# Runs outside GitHub too (the tests run it on a git repository made for them). Env:
#   KUSTODIAN        command that runs kustodian (default: node "$GITHUB_ACTION_PATH/dist/cli.js")
#   INPUT_PATH       root searched for leaf overlays (default .)
#   INPUT_ARGS       extra arguments for kustodian pin, split on whitespace
#   PIN_COMMIT       "true": commit and push the changed locks (default true); else only report
#   PIN_PULL_REQUEST "true": push to a branch of its own and open a pull request with `gh` (GH_TOKEN)
#   PIN_MESSAGE      the commit message (default "kustodian: update kustodian.lock.yaml")
#   PIN_REMOTE       the remote pushed to (default origin)
#   GITHUB_OUTPUT    where `exit-code`, `changed` and `commit` are written, when set
set -uo pipefail

path="${INPUT_PATH:-.}"
read -r -a extra <<< "${INPUT_ARGS:-}"
message="${PIN_MESSAGE:-kustodian: update kustodian.lock.yaml}"
remote="${PIN_REMOTE:-origin}"
output="${GITHUB_OUTPUT:-/dev/null}"
if [ -n "${KUSTODIAN:-}" ]; then
  read -r -a kustodian <<< "$KUSTODIAN"
else
  kustodian=(node "${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH or KUSTODIAN must be set}/dist/cli.js")
fi

"${kustodian[@]}" pin --all "$path" "${extra[@]}"
code=$?
echo "exit-code=$code" >> "$output"
if [ "$code" -ne 0 ]; then
  # An overlay that cannot be pinned writes no lock; the others' locks are still committed below only
  # when everything passed, so a half-refreshed set of locks never lands.
  echo "::error title=kustodian pin::kustodian pin --all exited $code; no lock was committed"
  exit "$code"
fi

# Only lock files are committed, whatever else the job left in the tree.
mapfile -t changed < <(git status --porcelain --untracked-files=all -- "$path" | sed -E 's/^.{3}//' | grep -E '(^|/)kustodian\.lock\.yaml$')
if [ "${#changed[@]}" -eq 0 ]; then
  echo "kustodian: every lock under $path is up to date; nothing to commit"
  echo "changed=false" >> "$output"
  exit 0
fi
echo "changed=true" >> "$output"
printf 'kustodian: lock changed: %s\n' "${changed[@]}"
if [ "${PIN_COMMIT:-true}" != true ]; then
  exit 0
fi

# git status prints paths from the top of the work tree; everything from here on runs there.
top="$(git rev-parse --show-toplevel)" || exit 3
cd "$top" || exit 3
identity=()
if [ -z "$(git config user.email || true)" ]; then
  identity=(-c "user.name=github-actions[bot]" -c "user.email=41898282+github-actions[bot]@users.noreply.github.com")
fi
branch="${GITHUB_HEAD_REF:-${GITHUB_REF_NAME:-$(git rev-parse --abbrev-ref HEAD)}}"
if [ "${PIN_PULL_REQUEST:-false}" = true ]; then
  base="$branch"
  branch="kustodian/pin-$(git rev-parse --short=12 HEAD)"
  git checkout -q -B "$branch" || exit 3
fi
git add -- "${changed[@]}" || exit 3
git "${identity[@]}" commit -q -m "$message" -- "${changed[@]}" || exit 3
echo "commit=$(git rev-parse HEAD)" >> "$output"

if [ "${PIN_PULL_REQUEST:-false}" = true ]; then
  git push -q --force-with-lease "$remote" "HEAD:refs/heads/$branch" || exit 3
  gh pr create --base "$base" --head "$branch" --title "$message" \
    --body "Locks refreshed by \`kustodian pin --all $path\` after a change to a kustomization." || exit 3
  exit 0
fi
# The branch may have moved while pinning (another Image Updater commit): rebase the lock commit once.
if ! git push -q "$remote" "HEAD:refs/heads/$branch"; then
  git "${identity[@]}" pull -q --rebase "$remote" "$branch" || exit 3
  git push -q "$remote" "HEAD:refs/heads/$branch" || exit 3
fi
echo "kustodian: committed ${#changed[@]} lock(s) to $branch"
