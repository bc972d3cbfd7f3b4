'use strict';
/**
 * `require('n8n-nodes-jelou')`: the package's node and credential classes, from the built dist/.
 * n8n itself loads them through package.json's "n8n" section; this entry point is for code that wants them
 * directly (a custom n8n build, a test, a script that lists the nodes' fields).
 */
const { JelouWhatsApp } = require('./dist/nodes/JelouWhatsApp/JelouWhatsApp.node');
const {
	JelouWhatsAppTrigger,
} = require('./dist/nodes/JelouWhatsAppTrigger/JelouWhatsAppTrigger.node');
const { JelouApi } = require('./dist/credentials/JelouApi.credentials');

module.exports = { JelouWhatsApp, JelouWhatsAppTrigger, JelouApi };
