// n8n loads the package from the "n8n" field of package.json; this entry point only lets
// `require('n8n-nodes-helpscout-users')` resolve for tools that expect one.
module.exports = {};
