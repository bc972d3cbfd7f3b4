// csv-stringify's synchronous writer (no stream). `npm run build` bundles it into dist/vendor/csv-stringify.js.
module.exports = require('csv-stringify/sync');
