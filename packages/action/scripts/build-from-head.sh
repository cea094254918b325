#!/usr/bin/env sh
# Builds dist/ from the COMMITTED sources (HEAD) instead of the working tree, then copies the
# result into this checkout's packages/action/dist. The bundle inlines @oci-focus/core and
# @oci-focus/loader from their sources, so in a checkout where those packages have uncommitted
# edits, a plain `npm run build` would commit a dist that check-dist on a clean clone rejects.
# Run it after committing the action's own sources, then commit dist/.
set -eu
repo="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
work="$(mktemp -d "${TMPDIR:-/tmp}/oci-focus-dist-XXXXXX")"
cleanup() {
  git -C "$repo" worktree remove --force "$work/tree" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
git -C "$repo" worktree add --detach --quiet "$work/tree" HEAD
# Hard links: fast, and every module's real path stays inside the worktree, so the bundle's
# path comments are the same as on a clean clone. Workspace links are relative and follow along.
cp -al "$repo/node_modules" "$work/tree/node_modules"
node "$work/tree/packages/action/build.mjs"
rm -rf "$repo/packages/action/dist"
cp -R "$work/tree/packages/action/dist" "$repo/packages/action/dist"
echo "packages/action/dist rebuilt from $(git -C "$repo" rev-parse --short HEAD)"
