#!/bin/sh
# Publishes the dashboard to a deployed stack: the page and the pinned uPlot, plus the config.json the stack
# computed (API endpoint, Cognito sign-in), into the stack's dashboard bucket; then invalidates CloudFront.
# Usage: scripts/publish-dashboard.sh [stack name, default adstream]. Needs the AWS CLI and credentials.
set -eu
stack=${1:-adstream}
root=$(cd "$(dirname "$0")/.." && pwd)
sh "$root/shared/npm/ci-if-stale.sh" "$root/dashboard"
output() {
  aws cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
bucket=$(output DashboardBucket)
distribution=$(output DashboardDistributionId)
site=$(mktemp -d)
trap 'rm -rf "$site"' EXIT
cp "$root"/dashboard/site/* "$site"/
cp "$root"/dashboard/node_modules/uplot/dist/uPlot.iife.min.js "$root"/dashboard/node_modules/uplot/dist/uPlot.min.css "$site"/
output DashboardConfig > "$site/config.json"
aws s3 sync "$site" "s3://$bucket/" --delete --cache-control no-cache
aws cloudfront create-invalidation --distribution-id "$distribution" --paths '/*' >/dev/null
echo "published $(output DashboardUrl)"
