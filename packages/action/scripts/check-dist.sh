#!/usr/bin/env sh
# Rebuilds the action bundle and fails when dist/ differs from what is committed: changed,
# deleted or new (untracked) files. The runner executes dist/ as committed, so a stale bundle
# would ship code nobody reviewed.
set -eu
cd "$(dirname "$0")/.."
node build.mjs
changes="$(git status --porcelain --untracked-files=all -- dist)"
if [ -n "$changes" ]; then
  echo "::error title=check-dist::packages/action/dist is out of date: run 'npm run build -w @oci-focus/action' and commit packages/action/dist"
  echo "$changes"
  git --no-pager diff --stat -- dist
  exit 1
fi
echo "packages/action/dist matches its sources"
