// n8n loads the package through the "n8n" section of package.json; this entry only keeps `require('n8n-nodes-jelou')` harmless.
module.exports = {};
