// csv-parse's record parser without the Node stream its package wraps it in. lib/api is not among the
// package's exports, hence the path. `npm run build` bundles it into dist/vendor/csv-parse.js.
module.exports = require('../node_modules/csv-parse/lib/api/index.js');
