#!/usr/bin/env bash
# Vendor the front-end packages pinned in frontend/package-lock.json into the static files:
# GOV.UK Frontend compiled with ATIS's settings (frontend/atis.scss) into web/atis.css, its
# JavaScript, and axe-core for the browser tests. Run after changing frontend/; the output is
# committed, so neither `make demo` nor `make test` needs Node.
set -euo pipefail
cd "$(dirname "$0")/../frontend"
npm ci --ignore-scripts --no-audit --no-fund
static=../atis/web/static/web
govuk=node_modules/govuk-frontend
npx sass --no-source-map --style=compressed --load-path=node_modules atis.scss "$static/atis.css"
cp "$govuk/dist/govuk/govuk-frontend.min.js" "$static/vendor/govuk-frontend.min.js"
cp node_modules/axe-core/axe.min.js ../atis/web/tests/vendor/axe.min.js
cp node_modules/axe-core/LICENSE ../atis/web/tests/vendor/axe.LICENSE.txt
